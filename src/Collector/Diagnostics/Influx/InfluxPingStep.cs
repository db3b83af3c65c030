using Collector.Configuration;

namespace Collector.Diagnostics.Influx;

/// <summary><c>GET /ping</c>: is InfluxDB there, which version, and does it speak the configured API?</summary>
public sealed class InfluxPingStep : ICheckStep<InfluxCheckContext>
{
    public string Name => "ping";
    public IReadOnlyList<string> DependsOn => [];

    public async Task<CheckResult> RunAsync(InfluxCheckContext context, CancellationToken ct)
    {
        var answer = await context.Probe.PingAsync(ct);
        if (!answer.Success)
            return CheckResult.Fail(Name, $"{context.Options.Url} answered {answer.Status} to /ping; that is not InfluxDB.",
                "Correct Influx__Url: it should be InfluxDB's HTTP address, usually http://HOST:8086.");
        var version = answer.Version?.TrimStart('v');
        var configured = context.Options.ApiVersion;
        if (version is not null && version.StartsWith("1.", StringComparison.Ordinal) && configured != InfluxApiVersion.V1)
            return CheckResult.Fail(Name,
                $"InfluxDB {version} answers, but Influx:ApiVersion is {configured.ToString().ToLowerInvariant()}; InfluxDB 1.x speaks only the v1 API.",
                "Set Influx__ApiVersion=v1 and Influx__Database, or point Influx__Url at an InfluxDB 2 or 3.");
        return CheckResult.Pass(Name, $"InfluxDB {version ?? "(version not given)"} answers at {context.Options.Url}.");
    }
}
