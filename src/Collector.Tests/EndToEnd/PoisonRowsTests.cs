using System.Globalization;
using Collector.Tests.Support;
using Collector.Testing.Truth;
using Simulator.Faults;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// A PBX whose call log holds rows that cannot be read (the simulator's <c>poisonRows</c> fault, every kind): the sync and
/// the backfill skip exactly those rows, count them on the run point, keep them once in the quarantine table, and every
/// call without a poisoned row is written as the truth has it.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class PoisonRowsTests(InfluxFixture influx)
{
    static readonly PoisonRows Poison = new(7, [.. PoisonRows.Names.Values]);

    [Fact]
    public async Task SyncAndBackfillSkipAndQuarantineThePoisonedRowsOnceAndWriteEveryOtherCallAsTheTruthHasIt()
    {
        await using var sim = await SimulatorHost.StartAsync(SyncRuns.BusyMorning);
        await sim.SetFaultsAsync(new { poisonRows = new { every = Poison.Every, kinds = PoisonRows.Names.Keys.ToArray() } });
        var t0 = await sim.NowAsync();
        // Every run full, so every run re-reads the poisoned rows (incremental runs read them only where new rows can be).
        await using var kit = new PipelineKit(sim, influx.Server, $"poison_{Guid.NewGuid():N}", SyncRuns.Settings(("CallLog:FullSyncInterval", "00:00:00")));

        var results = await SyncRuns.StepAsync(sim, kit, steps: 3, step: TimeSpan.FromMinutes(5));

        Assert.All(results, r => Assert.True(r.Ok, r.Error?.ToString()));
        var now = await sim.NowAsync();
        var from = t0 - SyncRuns.Lookback;
        var truth = (await SimulatorTruth.FinishedCallsAsync(sim, from, now)).Where(c => c.Start >= from).ToList();
        var poisoned = truth.Where(c => Poison.KindFor(c.CallId) is { } kind && PoisonRows.IsUnreadable(kind)).Select(c => c.CallId).ToHashSet();
        Assert.True(poisoned.Count >= 5, $"only {poisoned.Count} poisoned calls");
        Assert.Contains(truth, c => Poison.KindFor(c.CallId) is { } kind && !PoisonRows.IsUnreadable(kind));

        // Every call without an unreadable row is in InfluxDB as the truth has it (tolerated oddities change nothing).
        var written = await CallsAsync(kit.Database, from, now);
        var clean = truth.Where(c => !poisoned.Contains(c.CallId)).ToList();
        Assert.True(clean.Count > 50);
        foreach (var call in clean)
        {
            Assert.True(written.TryGetValue(call.CallId, out var point), $"call {call.CallId} missing");
            Assert.Equal((call.Direction, call.Outcome), point);
        }

        // Skipped, counted and quarantined once, with the reason, however often re-read.
        var quarantined = await kit.State.Quarantine.ListAsync("sim", CancellationToken.None);
        Assert.NotEmpty(quarantined);
        Assert.All(quarantined, q => Assert.False(string.IsNullOrWhiteSpace(q.Reason)));
        Assert.Equal(quarantined.Count, quarantined.Select(q => q.RowKey).Distinct().Count());
        Assert.Equal(quarantined.Count, results.Sum(r => r.RowsQuarantined));
        Assert.All(results, r => Assert.True(r.RowsSkipped > 0));
        Assert.Contains(results.Skip(1), r => r.RowsSkipped > r.RowsQuarantined);   // re-read rows are counted, not stored again
        Assert.Equal(quarantined.Count, kit.Log.GetSnapshot().Count(e => e.Message.Contains("cannot be read and is skipped", StringComparison.Ordinal)));
        var withCdrId = quarantined.Where(q => q.CdrId is not null).ToList();
        Assert.Contains(withCdrId, q => q.Reason.Contains("StartTime", StringComparison.Ordinal));
        Assert.Contains(withCdrId, q => q.Reason.Contains("TalkingDuration", StringComparison.Ordinal));
        Assert.Contains(withCdrId, q => q.Reason.Contains("RingingDuration", StringComparison.Ordinal));
        Assert.Contains(quarantined, q => q.RawText == "null");
        var points = (await kit.State.Outbox.PeekAsync(100, long.MaxValue, CancellationToken.None)).Select(e => e.Payload).Where(p => p.StartsWith("collector,", StringComparison.Ordinal)).ToList();
        Assert.All(points, p => Assert.Matches(",rows_skipped=[1-9][0-9]*i,", p));

        // The backfill passes over them too, and writes the same calls.
        var backfill = await kit.BackfillAsync(from, now);
        Assert.True(backfill.Completed);
        Assert.True(backfill.RowsSkipped > 0);
        Assert.Equal(quarantined.Count, (await kit.State.Quarantine.ListAsync("sim", CancellationToken.None)).Count);
        Assert.Equal(written.Keys.Order(), (await CallsAsync(kit.Database, from, now)).Keys.Order());
    }

    /// <summary>The <c>call</c> points written for calls that started in [from, to], by call id.</summary>
    async Task<Dictionary<string, (string Direction, string Outcome)>> CallsAsync(string database, DateTimeOffset from, DateTimeOffset to)
    {
        static long Ns(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var answer = await influx.Server.QueryAsync(database, string.Create(CultureInfo.InvariantCulture,
            $"SELECT call_id FROM call WHERE time >= {Ns(from)} AND time <= {Ns(to.AddMinutes(1))} GROUP BY direction, outcome"));
        var calls = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return calls;
        foreach (var s in series.EnumerateArray())
        {
            var tags = s.GetProperty("tags");
            foreach (var row in s.GetProperty("values").EnumerateArray())
                calls[row[1].GetString()!] = (tags.GetProperty("direction").GetString()!, tags.GetProperty("outcome").GetString()!);
        }
        return calls;
    }
}
