using Collector.ThreeCx;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// Builds one <see cref="NormalisedCall"/> from the rows of one call.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Rows are deduplicated on their leg key (CdrId, else the row's stable hash; the first copy wins) and sorted by
/// StartTime, then leg key (so the result does not depend on the order rows arrive in). A row without StartTime is
/// placed at the call's start; a call without any StartTime cannot be placed in time and is dropped (counted). A StartTime
/// before <see cref="EarliestPlausibleStart"/> (3CX's empty dates: 0001-01-01, the Unix epoch) is implausible: it is
/// ignored as a row without StartTime is, so one bad leg cannot move the whole call out of its window (counted).</item>
/// <item><b>start</b> = earliest StartTime; <b>end</b> = latest StartTime + RingingDuration + TalkingDuration;
/// <b>duration</b> = end − start; <b>legs</b> = number of rows.</item>
/// <item><b>direction</b>: any row <c>Inbound</c>/<c>Inbound Queue</c> → inbound; else any <c>Outbound</c> → outbound;
/// else any <c>Internal</c> → internal; else (no row says) guessed from the numbers (<see cref="PartyHeuristics"/>).
/// An inbound call forwarded or transferred out stays inbound: it is what the caller did.</item>
/// <item><b>agent-side rows</b> = <c>Extension</c> and <c>External</c> rows (for a legacy call: its row).
/// <b>talk</b> and <b>ring</b> = their sums; <b>outcome</b> = answered if any of them was answered, else abandoned if the
/// call's last queue passage was abandoned, else unanswered. (3CX calls a call missed only if no leg was answered;
/// an <c>Unanswered</c> leg does not make the call missed.)</item>
/// </list>
/// </remarks>
sealed class CallAssembler(RowReader reader, UnknownValueCounters unknown)
{
    /// <summary>No 3CX V20 call started before this: an earlier StartTime is an empty or broken date, not a time.</summary>
    public static readonly DateTimeOffset EarliestPlausibleStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The row's StartTime when it is a plausible time, else null.</summary>
    public static DateTimeOffset? PlausibleStart(CallLogRow row) =>
        row.StartTime is { } s && s >= EarliestPlausibleStart ? s : null;

    /// <returns>The call, or null when no row has a (plausible) StartTime; <paramref name="implausible"/>: legs whose StartTime was ignored.</returns>
    public NormalisedCall? Build(string callKey, List<CallLogRow> group, out int implausible)
    {
        DateTimeOffset? earliest = null;
        implausible = 0;
        foreach (var r in group)
        {
            if (PlausibleStart(r) is { } s) { if (earliest is null || s < earliest) earliest = s; }
            else if (r.StartTime is not null) implausible++;
        }
        if (implausible > 0) unknown.CountImplausibleLegStarts(implausible);
        if (earliest is not { } start) return null;

        var rows = new List<LegRow>(group.Count);
        var seen = group.Count > SmallCall ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var r in group)
        {
            var key = CallLogRowKey.For(r);
            if (seen?.Add(key) ?? IsNew(rows, key)) rows.Add(reader.Read(r, key, PlausibleStart(r) ?? start));
        }

        rows.Sort(ByStartThenKey);

        var direction = Direction(rows);
        var passages = PassageBuilder.Build(rows);
        var agentLegs = AgentLegBuilder.Build(rows, direction);

        var legacy = true;
        foreach (var r in rows)
            legacy &= r.Kind == LegKind.Legacy;
        var answered = false;
        TimeSpan talk = TimeSpan.Zero, ring = TimeSpan.Zero;
        var end = DateTimeOffset.MinValue;
        foreach (var r in rows)
        {
            if (r.End > end) end = r.End;
            if (!legacy && r.Kind is not (LegKind.Extension or LegKind.External)) continue;
            answered |= r.Answered;   // agent-side rows
            talk += r.Talk;
            ring += r.Ring;
        }
        var outcome = answered ? CallOutcomes.Answered
            : passages.Count > 0 && passages[^1].Outcome == PassageOutcomes.Abandoned ? CallOutcomes.Abandoned
            : CallOutcomes.Unanswered;

        return new NormalisedCall(callKey, start, end, direction, outcome, end - start, talk, ring, rows.Count, passages, agentLegs)
        {
            ExternalNumber = PartyHeuristics.ExternalNumber(rows, direction),
        };
    }

    /// <summary>Up to this many rows, duplicates are found by comparing keys; a larger call uses a set.</summary>
    const int SmallCall = 16;

    static bool IsNew(List<LegRow> rows, string key)
    {
        foreach (var row in rows)
            if (string.Equals(row.Key, key, StringComparison.Ordinal)) return false;
        return true;
    }

    static readonly Comparison<LegRow> ByStartThenKey = (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Key, b.Key);

    static string Direction(List<LegRow> rows)
    {
        foreach (var candidate in (ReadOnlySpan<string>)[CallDirections.Inbound, CallDirections.Outbound, CallDirections.Internal])
            foreach (var r in rows)
                if (r.Direction == candidate)
                    return candidate;
        return PartyHeuristics.Direction(rows[0].Row);
    }
}
