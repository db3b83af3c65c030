namespace Collector.Testing.Faults;

/// <summary>
/// One scenario's figures. <see cref="Crashed"/> counts collector runs that ended with an exit code other than the expected one (a run we
/// killed on purpose excepted) or reported an unhandled exception. <see cref="HarnessError"/> is set when the suite
/// itself failed in the scenario (a program that would not start, influxd that would not come back).
/// </summary>
public sealed record ScenarioResult(
    string Name,
    int Truth,
    int Written,
    int Lost,
    int Doubled,
    int Crashed,
    int Runs,
    long PeakRssBytes,
    long LogBytes,
    long LogLines,
    int LongestLogLine,
    int SecretHits,
    TimeSpan Elapsed,
    string Details,
    string? HarnessError = null)
{
    public static ScenarioResult Failed(string name, string error, TimeSpan elapsed) => new(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, elapsed, "", error);
}

/// <summary>Which durations and sizes the scenarios take.</summary>
public enum SuiteForm
{
    /// <summary>Reduced: the whole suite in about three minutes on two cores (the test suite runs it).</summary>
    Ci,

    /// <summary>Realistic durations: minutes per scenario.</summary>
    Full,
}
