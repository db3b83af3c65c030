namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// <c>collector run</c> against a PBX with one of the simulator's faults (<paramref name="FaultsJson"/>, switched on
/// before the collector starts and left on for <paramref name="Running"/>); a simulator that refuses the fault fails the
/// scenario with its answer.
/// </summary>
sealed record SimulatorFaultScenario(string ScenarioName, string FaultsJson, TimeSpan Running, TimeSpan Settle) : IFaultScenario
{
    public string Name => ScenarioName;

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        await using var rig = await LiveRig.StartAsync(context, Name);
        if (await rig.Sim.TrySetFaultsAsync(FaultsJson) is { } refusal)
            return ScenarioResult.Failed(Name, $"the simulator refused {Shorten(FaultsJson)}: {Shorten(refusal)}", TimeSpan.Zero);
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        await Task.Delay(Running);
        return await rig.FinishAsync(Settle);
    }

    static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
