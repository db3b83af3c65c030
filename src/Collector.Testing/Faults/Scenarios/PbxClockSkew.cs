namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// The PBX's clock <paramref name="Offset"/> away from the collector's (ahead when positive): the simulator runs in real
/// time from <c>--start now+offset</c> (what the simulator's <c>--clock-offset</c> does, where it has that option), so
/// <c>ServerNow</c>, the call log's times and the token expiry read the skewed clock (and the <c>Date</c> header too on a
/// simulator that sets it from its clock). <c>collector run</c> runs for <paramref name="Running"/>; every call that ended must be in InfluxDB once.
/// </summary>
sealed record PbxClockSkew(TimeSpan Offset, TimeSpan Running, TimeSpan Settle) : IFaultScenario
{
    public string Name => $"PBX clock {(Offset >= TimeSpan.Zero ? "+" : "−")}{Offset.Duration().TotalMinutes:F0} min";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        await using var rig = await LiveRig.StartAsync(context, Name, Offset);
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        await Task.Delay(Running);
        return await rig.FinishAsync(Settle);
    }
}
