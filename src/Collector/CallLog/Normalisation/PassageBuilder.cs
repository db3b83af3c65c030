using Collector.ThreeCx;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// The queue passages of one call, from its queue rows (CallType <c>Queue</c> / Direction <c>Inbound Queue</c>), in time order.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>queue</b> = DestinationDn (else the DN in the display form); <b>queue_name</b> = the display form's name
/// (<c>Sales (800)</c> → <c>Sales</c>).</item>
/// <item><b>enter</b> = StartTime; <b>wait</b> = RingingDuration + TalkingDuration: the queue row lasts as long as the
/// caller is in the queue (its small RingingDuration is the queue picking the call up), including the answering
/// agent's ring time.</item>
/// <item><b>outcome</b>: Status <c>Waiting</c> (3CX's "answered elsewhere") → answered. Otherwise overflow when the call
/// goes on: a later queue row of the same call, or the row's Reason says <c>… was replaced by …</c> and another row of
/// the call starts when this one ends or later (the queue's no-answer destination took it: voicemail, an extension,
/// an IVR). Otherwise abandoned: the caller hung up while waiting.</item>
/// <item><b>agent</b> (answered only): the answered <c>Extension</c> row, not yet claimed by an earlier passage, whose
/// StartTime + RingingDuration (the answer) equals the queue row's end within <see cref="AnswerTolerance"/>, the closest
/// one; else the party in the queue row's Reason (<c>Sales (800) was replaced by Berg, Anna (101)</c>), whose first
/// unclaimed answered row from the queue entry on is its leg. Real 3CX rows do not always line up in time (in the live
/// sample of the notes §6 the agent's row starts 33 s after the queue row ends), hence the Reason.</item>
/// <item><b>talk</b> = TalkingDuration of that agent's row; after a transfer the next agent's talk is not the passage's.
/// Zero when no row of that agent is among the rows.</item>
/// </list>
/// </remarks>
static class PassageBuilder
{
    /// <summary>
    /// How far apart the agent's answer and the end of the queue row may be. They agree to the microsecond in the
    /// simulator; 250 ms leaves room for rounding and for PBX components that stamp times apart, while two answers of
    /// one call are always seconds apart (an agent rings for seconds first).
    /// </summary>
    public static readonly TimeSpan AnswerTolerance = TimeSpan.FromMilliseconds(250);

    /// <param name="rows">All rows of the call, sorted by start.</param>
    public static List<QueuePassage> Build(IReadOnlyList<LegRow> rows)
    {
        var passages = new List<QueuePassage>();
        var claimed = new HashSet<LegRow>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Kind != LegKind.Queue) continue;

            var queue = Queue(row);
            var outcome = row.Answered ? PassageOutcomes.Answered
                : GoesOn(rows, i) ? PassageOutcomes.Overflow
                : PassageOutcomes.Abandoned;
            string? agent = null;
            var talk = TimeSpan.Zero;
            if (outcome == PassageOutcomes.Answered)
                (agent, talk) = AnsweringAgent(rows, row, claimed);
            passages.Add(new QueuePassage(queue.Dn, queue.Name, row.Start, row.Ring + row.Talk, outcome, agent, talk, row.Key));
        }

        return passages;
    }

    static (string Dn, string? Name) Queue(LegRow row)
    {
        var (name, dnInDisplay) = DisplayForms.Split(row.Row.DestinationDisplayName);
        var dn = !string.IsNullOrWhiteSpace(row.Row.DestinationDn) ? row.Row.DestinationDn.Trim() : dnInDisplay ?? "unknown";
        return (dn, string.Equals(name, dn, StringComparison.Ordinal) ? null : name);
    }

    static bool GoesOn(IReadOnlyList<LegRow> rows, int index)
    {
        for (var j = index + 1; j < rows.Count; j++)
            if (rows[j].Kind == LegKind.Queue) return true;

        var queueRow = rows[index];
        if (!DisplayForms.SaysReplaced(queueRow.Row.Reason)) return false;
        var end = queueRow.End - AnswerTolerance;
        for (var j = 0; j < rows.Count; j++)
            if (j != index && rows[j].Start >= end) return true;
        return false;
    }

    static (string? Agent, TimeSpan Talk) AnsweringAgent(IReadOnlyList<LegRow> rows, LegRow queueRow, HashSet<LegRow> claimed)
    {
        var answerAt = queueRow.End;
        LegRow? best = null;
        foreach (var row in rows)
        {
            if (!IsAnsweredAgentRow(row) || claimed.Contains(row)) continue;
            var gap = (row.AnswerAt - answerAt).Duration();
            if (gap <= AnswerTolerance && (best is null || gap < (best.AnswerAt - answerAt).Duration()))
                best = row;
        }

        if (best is null && DisplayForms.TryReplacedBy(queueRow.Row.Reason, out _, out var dn))
        {
            best = rows.FirstOrDefault(r => IsAnsweredAgentRow(r) && !claimed.Contains(r) && r.Start >= queueRow.Start
                && string.Equals(r.Row.DestinationDn?.Trim(), dn, StringComparison.Ordinal));
            if (best is null) return (dn, TimeSpan.Zero);
        }

        if (best is null) return (null, TimeSpan.Zero);
        claimed.Add(best);
        return (best.Row.DestinationDn!.Trim(), best.Talk);
    }

    static bool IsAnsweredAgentRow(LegRow row) =>
        row.Kind == LegKind.Extension && row.Answered && !string.IsNullOrWhiteSpace(row.Row.DestinationDn);
}
