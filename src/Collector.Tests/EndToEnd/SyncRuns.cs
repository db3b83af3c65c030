using Collector.CallLog.Sync;
using Collector.Tests.Support;

namespace Collector.Tests.EndToEnd;

/// <summary>Drives the sync as the worker would, with the simulator's clock moved forward between runs.</summary>
static class SyncRuns
{
    /// <summary>A busy Wednesday morning: many calls in progress at any moment.</summary>
    public static readonly string[] BusyMorning =
        ["--seed", "7", "--speed", "0", "--start", "2026-11-18T09:00:00Z", "--history-days", "1", "--queues", "5", "--agents", "30", "--calls-per-hour", "150"];

    /// <summary>The sync's first run looks back this far (CallLog:InitialLookback).</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(2);

    /// <summary>
    /// The pipeline's settings for these tests: <c>CallLog:EndedCallsReadInterval</c> 0, so every finished call is written
    /// by the run that sees it and the tests can compare the truth up to the last run's clock (the deferred reads of the
    /// default cadence are <see cref="IncrementalSyncTruthTests"/>'s, compared up to the watermark).
    /// </summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["CallLog:InitialLookback"] = "02:00:00", ["CallLog:EndedCallsReadInterval"] = "00:00:00" };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    /// <summary>Runs the sync, then <paramref name="steps"/> times: advance the clock by <paramref name="step"/> and run it again.</summary>
    public static async Task<List<CallLogSyncResult>> StepAsync(SimulatorHost sim, PipelineKit kit, int steps, TimeSpan step, Func<int, Task>? beforeStep = null)
    {
        var results = new List<CallLogSyncResult> { await kit.SyncAsync(sim) };
        for (var i = 1; i <= steps; i++)
        {
            if (beforeStep is not null) await beforeStep(i);
            await sim.AdvanceClockAsync(step);
            results.Add(await kit.SyncAsync(sim));
        }
        return results;
    }
}
