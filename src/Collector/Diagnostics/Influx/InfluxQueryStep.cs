using Collector.Influx.LineProtocol;

namespace Collector.Diagnostics.Influx;

/// <summary>Reads the probe point back, proving that queries (and so the dashboards) see what the collector writes.</summary>
internal sealed class InfluxQueryStep : ICheckStep<InfluxCheckContext>
{
    public string Name => "query";
    public IReadOnlyList<string> DependsOn => ["write"];

    public async Task<CheckResult> RunAsync(InfluxCheckContext context, CancellationToken cancellationToken)
    {
        var (id, timestamp) = context.Written ?? throw new InvalidOperationException("The write step stores the probe point first.");
        var target = InfluxWriteStep.Target(context.Options);
        using var request = context.Endpoint.ReadBack(InfluxWriteStep.Measurement, "probe", id, UnixTime.Nanoseconds(timestamp));
        var (response, body, _) = await context.Transport.SendAsync(request, cancellationToken);
        if (response.Status is not (>= 200 and < 300))
            return context.Failure(Name, response);
        if (body is null || !body.Contains(id, StringComparison.Ordinal))
            return CheckResult.Fail(Name, $"The point just written to {target} is not there when read back.",
                "Check InfluxDB's log; a retention policy or a proxy may be dropping writes.");
        return CheckResult.Pass(Name, $"Read the point back from {target}.");
    }
}
