using System.Text.Json;
using Simulator.Faults;

namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// <c>collector run</c> against a PBX whose call log holds poison (<c>poisonRows</c>: about one call in
/// <paramref name="Every"/> has a first leg of every kind, readable oddities and unreadable rows alike, and every page
/// starts with a byte-order mark). A call whose first leg the simulator made unreadable is skipped by design (that row is
/// quarantined, not written), so it leaves the truth; every other call must be written exactly once.
/// </summary>
sealed record PoisonRowsScenario(int Every, TimeSpan Running, TimeSpan Settle) : IFaultScenario
{
    public string Name => "poison rows in the call log";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var faults = $$$"""{"poisonRows":{"every":{{{Every}}}}}""";
        // The simulator's own reading of the fault says which calls it poisons, and with what.
        using var json = JsonDocument.Parse(faults);
        var poison = PoisonRows.Parse(json.RootElement.GetProperty("poisonRows"))!;
        await using var rig = await LiveRig.StartAsync(context, Name);
        if (await rig.Sim.TrySetFaultsAsync(faults) is { } refusal)
            return ScenarioResult.Failed(Name, $"the simulator refused poisonRows: {refusal}", TimeSpan.Zero);
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        await Task.Delay(Running);
        return await rig.FinishAsync(Settle, call => poison.KindFor(call.CallId) is { } kind && PoisonRows.IsUnreadable(kind));
    }
}
