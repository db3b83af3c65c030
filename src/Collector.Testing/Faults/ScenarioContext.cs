namespace Collector.Testing.Faults;

/// <summary>What every scenario gets: the suite's influxd, the built programs, the form, a seeded random source and a progress line writer.</summary>
sealed class ScenarioContext(InfluxServer influx, string collectorDll, string simulatorDll, SuiteForm form, Random random, Action<string> progress)
{
    public InfluxServer Influx { get; } = influx;
    public string CollectorDll { get; } = collectorDll;
    public string SimulatorDll { get; } = simulatorDll;
    public SuiteForm Form { get; } = form;
    public Random Random { get; } = random;

    public void Progress(string line) => progress(line);

    /// <summary>A random duration in [min, max).</summary>
    public TimeSpan Between(TimeSpan min, TimeSpan max) => min + (max - min) * Random.NextDouble();
}

/// <summary>One fault scenario: a name, what it does, and its run.</summary>
interface IFaultScenario
{
    string Name { get; }

    Task<ScenarioResult> RunAsync(ScenarioContext context);
}
