using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Collector.Tests.Support;

/// <summary>
/// A TLS endpoint on 127.0.0.1 that completes handshakes with a given certificate and then closes the connection
/// (enough for the check's TLS step) or, given a plain http address, passes the decrypted bytes on to it both ways:
/// the simulator behind https, as a PBX with that certificate.
/// </summary>
public sealed class TlsTestServer : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly Task _accepting;
    readonly Uri? _forwardTo;
    readonly SslStreamCertificateContext _sent;

    /// <param name="certificate">The server's certificate, with its private key.</param>
    /// <param name="forwardTo">A plain http address to pass the decrypted bytes on to; null: close after the handshake.</param>
    /// <param name="intermediates">CA certificates sent after the server's own in the handshake.</param>
    public TlsTestServer(X509Certificate2 certificate, Uri? forwardTo = null, params X509Certificate2[] intermediates)
    {
        _forwardTo = forwardTo;
        _sent = SslStreamCertificateContext.Create(certificate, [.. intermediates], offline: true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public Uri Url(string host = "127.0.0.1") => new($"https://{host}:{Port}/");

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await using var tls = new SslStream(client.GetStream());
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _sent });
                        if (_forwardTo is not null) await ForwardAsync(tls, _forwardTo);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                    {
                        // the client gave up on the handshake: that is what some tests expect
                    }
                }
            });
        }
    }

    async Task ForwardAsync(SslStream tls, Uri target)
    {
        using var backend = new TcpClient();
        await backend.ConnectAsync(target.Host, target.Port, _stop.Token);
        var plain = backend.GetStream();
        var up = tls.CopyToAsync(plain, _stop.Token);
        var down = plain.CopyToAsync(tls, _stop.Token);
        await Task.WhenAny(up, down);   // either side closing ends the connection
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
