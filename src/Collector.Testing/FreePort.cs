using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Collector.Testing;

/// <summary>
/// Finds a TCP port on 127.0.0.1 that nothing listens on right now, below the kernel's ephemeral range.
/// </summary>
/// <remarks>
/// A port taken from the ephemeral range (what binding port 0 gives) can be handed out again by the kernel as the local
/// end of any outgoing connection while its server is down, so a server stopped and started again on "its" port (an
/// influxd outage in a test) could meet "address already in use". Below that range the kernel never picks a port by
/// itself; ports are handed out from a process-wide sequence with a random start and each is checked by binding it.
/// </remarks>
public static class FreePort
{
    const int Lowest = 10_000;
    static readonly int Highest = EphemeralRangeStart() - 1;
    static int _next = Lowest + Random.Shared.Next(Math.Max(1, Highest - Lowest));

    public static int Next()
    {
        for (var attempt = 0; attempt < Highest - Lowest; attempt++)
        {
            var candidate = Lowest + (int)((uint)(Interlocked.Increment(ref _next) - Lowest) % (uint)(Highest - Lowest + 1));
            if (CanBind(candidate)) return candidate;
        }
        throw new InvalidOperationException($"No free TCP port on 127.0.0.1 between {Lowest} and {Highest}.");
    }

    static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port the kernel may pick for outgoing connections (Linux's <c>ip_local_port_range</c>; 32768 elsewhere).</summary>
    static int EphemeralRangeStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            if (File.Exists(RangeFile)
                && int.TryParse(File.ReadAllText(RangeFile).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0],
                    NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
                && start > Lowest + 1000)
                return start;
        }
        catch (IOException)
        {
            // fall through to the common default
        }
        return 32_768;
    }
}
