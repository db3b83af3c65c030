namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// For <paramref name="Faulty"/> the PBX misbehaves on every XAPI route at random (the simulator's fault API): 10 % of
/// answers 503 with an empty body, 10 % 429 with Retry-After 1, 5 % 500, 10 % of call-log answers cut off in the
/// middle of the JSON, and tokens that live 15 seconds. Then the faults stop; every call that ended must be in InfluxDB
/// exactly once.
/// </summary>
sealed record PbxFaults(TimeSpan Faulty, TimeSpan Settle) : IFaultScenario
{
    public const string FaultsJson = """
        {"tokenLifetimeSeconds":15,"rules":[
          {"route":"*","status":503,"emptyBody":true,"rate":0.1},
          {"route":"*","status":429,"retryAfterSeconds":1,"rate":0.1},
          {"route":"*","status":500,"rate":0.05},
          {"route":"calllog","malformed":true,"rate":0.1}]}
        """;

    public string Name => "PBX 5xx/429, short tokens, cut-off JSON";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        await using var rig = await LiveRig.StartAsync(context, Name);
        await rig.StartCollectorAsync();
        await rig.WarmUpAsync();
        await rig.Sim.SetFaultsAsync(FaultsJson);
        await Task.Delay(Faulty);
        await rig.Sim.ClearFaultsAsync();
        return await rig.FinishAsync(Settle);
    }
}
