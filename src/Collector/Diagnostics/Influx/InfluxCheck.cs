namespace Collector.Diagnostics.Influx;

/// <summary>The InfluxDB part of <c>collector check</c>: ping, write one point, read it back.</summary>
public static class InfluxCheck
{
    public static IReadOnlyList<ICheckStep<InfluxCheckContext>> Steps { get; } =
        [new InfluxPingStep(), new InfluxWriteStep(), new InfluxQueryStep()];

    public static async Task<CheckTargetReport> RunAsync(InfluxCheckContext context, TimeSpan timeout, CancellationToken ct)
    {
        var results = await CheckRunner.RunAsync(Steps, context,
            (step, ex) => InfluxAdvice.ForException(step, ex, context.Options, timeout), ct);
        return new CheckTargetReport("influx", "InfluxDB", context.Options.Url.ToString(), results);
    }
}
