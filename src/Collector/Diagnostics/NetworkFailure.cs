using System.Net.Sockets;
using System.Security.Authentication;

namespace Collector.Diagnostics;

/// <summary>Turns the exceptions of a plain HTTP or socket call into a few plain words.</summary>
internal static class NetworkFailure
{
    public static string Describe(Exception ex, TimeSpan? timeout = null)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused (nothing listens on that port)";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "the host name does not resolve";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return "the connection timed out";
                case SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable }:
                    return "no route to the host";
                case AuthenticationException:
                    return $"the TLS handshake failed ({e.Message.TrimEnd('.')})";
                case TimeoutException:
                case TaskCanceledException:
                    return timeout is { } t ? $"no answer within {t.TotalSeconds:0} s" : "no answer in time";
            }
        }
        return ex.Message.TrimEnd('.');
    }
}
