using Collector.Configuration;

namespace Collector.Diagnostics.Influx;

/// <summary><c>GET /ping</c>: is InfluxDB there, which version, and does it speak the configured API?</summary>
internal sealed class InfluxPingStep : ICheckStep<InfluxCheckContext>
{
    public string Name => "ping";
    public IReadOnlyList<string> DependsOn => [];

    public async Task<CheckResult> RunAsync(InfluxCheckContext context, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Endpoint.PingUri);
        var (response, _, version) = await context.Transport.SendAsync(request, cancellationToken);
        if (response.Status is null)
            return context.Failure(Name, response);
        if (response.Status is not (>= 200 and < 300))
            return CheckResult.Fail(Name, $"{context.Endpoint.DisplayUrl} answered {response.Status} to /ping; that is not InfluxDB.",
                "Correct Influx__Url: it should be InfluxDB's HTTP address, usually http://HOST:8086.");
        version = version?.TrimStart('v');
        var configured = context.Options.ApiVersion;
        if (version is not null && version.StartsWith("1.", StringComparison.Ordinal) && configured != InfluxApiVersion.V1)
            return CheckResult.Fail(Name,
                $"InfluxDB {version} answers, but Influx:ApiVersion is {configured.ToString().ToLowerInvariant()}; InfluxDB 1.x speaks only the v1 API.",
                "Set Influx__ApiVersion=v1 and Influx__Database, or point Influx__Url at an InfluxDB 2 or 3.");
        return CheckResult.Pass(Name, $"InfluxDB {version ?? "(version not given)"} answers at {context.Options.Url}.");
    }
}
