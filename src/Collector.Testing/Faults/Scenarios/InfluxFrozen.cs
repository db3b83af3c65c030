namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// influxd frozen with SIGSTOP for <paramref name="Frozen"/> (it accepts connections and never answers, as a hung
/// server or a full disk would), then thawed with SIGCONT. Calls read meanwhile must arrive once it answers again.
/// </summary>
sealed record InfluxFrozen(TimeSpan Before, TimeSpan Frozen, TimeSpan Settle) : IFaultScenario
{
    public string Name => "influxd frozen (SIGSTOP)";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        await using var rig = await LiveRig.StartAsync(context, Name);
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        await Task.Delay(Before);
        var pid = rig.Influx.ProcessId ?? throw new InvalidOperationException("influxd is not running.");
        try
        {
            await Signals.SendAsync(pid, "STOP");
            await Task.Delay(Frozen);
        }
        finally
        {
            await Signals.SendAsync(pid, "CONT");
        }
        return await rig.FinishAsync(Settle);
    }
}
