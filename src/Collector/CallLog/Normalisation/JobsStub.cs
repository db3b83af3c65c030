// THROW-AWAY STUB (jobs branch): the NORMALISER helper's API, so the sync and backfill compile before it lands.
// Delete this file in the merge that brings src/Collector/CallLog/Normalisation from main.
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Normalisation;

public sealed record KpiSettings(TimeSpan Threshold, TimeSpan ShortAbandon, SlaFormula Formula)
{
    public static KpiSettings From(SlaOptions o) =>
        new(TimeSpan.FromSeconds(o.ThresholdSeconds), TimeSpan.FromSeconds(o.ShortAbandonSeconds), o.Formula);
}

public sealed class CallLogNormaliser(ILogger<CallLogNormaliser> logger)
{
    public IReadOnlyList<NormalisedCall> Normalise(IEnumerable<CallLogRow> rows)
    {
        _ = logger;
        return rows.GroupBy(r => r.MainCallHistoryId ?? r.CallHistoryId ?? CallLogRowKey.For(r))
            .Select(g =>
            {
                var start = g.Min(r => r.StartTime!.Value);
                return new NormalisedCall(g.Key, start, start, "inbound", "unanswered", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, g.Count(), [], []);
            })
            .ToList();
    }

    public UnknownValueCounters Unknown { get; } = new();
}

public sealed class UnknownValueCounters
{
    public long Total => 0;
}

public sealed record NormalisedCall(string CallKey, DateTimeOffset Start, DateTimeOffset End, string Direction, string Outcome, TimeSpan Duration,
    TimeSpan Talk, TimeSpan Ring, int Legs, IReadOnlyList<QueuePassage> Passages, IReadOnlyList<AgentLeg> AgentLegs);

public sealed record QueuePassage(string Queue, string? QueueName, DateTimeOffset Enter, TimeSpan Wait, string Outcome, string? Agent, TimeSpan Talk, string LegKey);

public sealed record AgentLeg(string Agent, string? AgentName, string Direction, DateTimeOffset Start, TimeSpan Ring, TimeSpan Talk, bool Answered, string LegKey);

public static class CallPoints
{
    public static IEnumerable<PointData> For(string pbx, NormalisedCall call, KpiSettings kpi)
    {
        _ = kpi;
        yield return new PointData("call").Tag("pbx", pbx).Tag("direction", call.Direction).Tag("outcome", call.Outcome)
            .Field("call_id", call.CallKey).Field("legs", call.Legs).Timestamp(CallTimestamp.For(call.Start, call.CallKey));
    }
}
