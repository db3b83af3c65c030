namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// <c>collector run</c> against a PBX with a fault the simulator may not have yet (<paramref name="FaultsJson"/>, switched
/// on before the collector starts and left on for <paramref name="Running"/>): when the simulator refuses it, the
/// scenario is skipped with <paramref name="SkipReason"/> and the simulator's answer.
/// </summary>
sealed record OptionalPbxFault(string ScenarioName, string FaultsJson, string SkipReason, TimeSpan Running, TimeSpan Settle) : IFaultScenario
{
    public string Name => ScenarioName;

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        await using var rig = await LiveRig.StartAsync(context, Name);
        if (await rig.Sim.TrySetFaultsAsync(FaultsJson) is { } refusal)
            return ScenarioResult.Skipped(Name, $"{SkipReason} (the simulator answered {Shorten(refusal)})");
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        await Task.Delay(Running);
        return await rig.FinishAsync(Settle);
    }

    static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
