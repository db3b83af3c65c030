namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// <c>collector run</c> killed with SIGKILL <paramref name="Kills"/> times at random moments (every
/// <paramref name="MinGap"/> to <paramref name="MaxGap"/>), each time started again after up to two seconds, while
/// calls keep coming. Every call that ended must be in InfluxDB exactly once.
/// </summary>
sealed record LiveKillLoop(int Kills, TimeSpan MinGap, TimeSpan MaxGap, TimeSpan Settle) : IFaultScenario
{
    public string Name => "run, SIGKILL loop";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        await using var rig = await LiveRig.StartAsync(context, Name);
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        for (var i = 0; i < Kills; i++)
        {
            await Task.Delay(context.Between(MinGap, MaxGap));
            await rig.KillAndRestartAsync(context.Between(TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        }
        return await rig.FinishAsync(Settle);
    }
}
