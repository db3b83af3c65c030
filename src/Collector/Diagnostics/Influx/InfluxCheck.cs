namespace Collector.Diagnostics.Influx;

/// <summary>The InfluxDB part of <c>collector check</c>: ping, write one point, read it back.</summary>
internal static class InfluxCheck
{
    public static IReadOnlyList<ICheckStep<InfluxCheckContext>> Steps { get; } =
        [new InfluxPingStep(), new InfluxWriteStep(), new InfluxQueryStep()];

    public static async Task<CheckTargetReport> RunAsync(InfluxCheckContext context, CancellationToken cancellationToken)
    {
        var results = await CheckRunner.RunAsync(Steps, context,
            (step, ex) => CheckResult.Fail(step, $"Unexpected error: {Security.OutsideText.Bound(ex.Message)}", "Run check again; if it persists, report it with this message."), cancellationToken);
        return new CheckTargetReport("influx", "InfluxDB", context.Options.Url.ToString(), results);
    }
}
