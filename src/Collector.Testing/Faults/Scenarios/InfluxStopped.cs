namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// influxd stopped (SIGTERM, its data kept) for <paramref name="Down"/> while <c>collector run</c> keeps polling, then
/// started again on the same port. Calls read meanwhile must arrive once it is back.
/// </summary>
sealed record InfluxStopped(TimeSpan Before, TimeSpan Down, TimeSpan Settle) : IFaultScenario
{
    public string Name => "influxd stopped, restarted";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        await using var rig = await LiveRig.StartAsync(context, Name);
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        await Task.Delay(Before);
        try
        {
            await rig.Influx.StopAsync();
            await Task.Delay(Down);
        }
        finally
        {
            await rig.Influx.StartAgainAsync();
        }
        return await rig.FinishAsync(Settle);
    }
}
