using Collector.ThreeCx;
namespace Collector.CallLog.Normalisation;

/// <summary>
/// The queue passages of one call, from its queue rows (CallType <c>Queue</c> / Direction <c>Inbound Queue</c>), in time order.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>queue</b> = DestinationDn (else the DN in the display form); <b>queue_name</b> = the display form's name
/// (<c>Sales (800)</c> → <c>Sales</c>).</item>
/// <item><b>enter</b> = StartTime; <b>wait</b> = from the entry to the answer, the hang-up or leaving the queue, by
/// <see cref="PassageWait"/> (the answer is the answering agent row's StartTime + RingingDuration, which on a real V20 PBX
/// comes tens of seconds after the queue row ends).</item>
/// <item><b>outcome</b>: Status <c>Waiting</c> (3CX's "answered elsewhere") → answered. Otherwise overflow when the call
/// goes on: a later queue row of the same call, or the row's Reason says <c>… was replaced by …</c> and another row of
/// the call starts when this one ends or later (the queue's no-answer destination took it: voicemail, an extension,
/// an IVR). Otherwise abandoned: the caller hung up while waiting.</item>
/// <item><b>agent</b> (answered only), the first of these that finds an answered <c>Extension</c> row not yet claimed by
/// an earlier passage: (1) the row whose answer (StartTime + RingingDuration) equals the queue row's end within
/// <see cref="AnswerTolerance"/>, the closest (rows that line up in time); (2) the party named in the queue row's Reason
/// (<c>Sales (800) was replaced by Berg, Anna (101)</c>): that DN's first row from the queue entry on; (3) the first
/// row that starts from the queue row's end on, before the call's next queue row. Real 3CX rows do not line up (in the
/// live sample of the notes §6 the agent's row starts 33 s after the queue row ends), hence (2) and (3). A DN named by
/// the Reason without a row still answers, with unknown talk.</item>
/// <item><b>talk</b> = TalkingDuration of that agent's row; after a transfer the next agent's talk is not the passage's.
/// Zero when no row of that agent is among the rows.</item>
/// </list>
/// </remarks>
static class PassageBuilder
{
    /// <summary>
    /// How far apart an agent's answer and the end of the queue row may be to be matched by time alone (rule 1 of the
    /// agent). 250 ms leaves room for rounding and for PBX components that stamp times apart, while two answers of
    /// one call are always seconds apart (an agent rings for seconds first).
    /// </summary>
    public static readonly TimeSpan AnswerTolerance = TimeSpan.FromMilliseconds(250);

    /// <param name="rows">All rows of the call, sorted by start.</param>
    public static List<QueuePassage> Build(List<LegRow> rows)
    {
        var passages = new List<QueuePassage>();
        List<LegRow>? claimed = null;   // agent rows already taken by an earlier passage (few: one per answered passage)
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Kind != LegKind.Queue) continue;

            var queue = Queue(row);
            var next = NextQueueRow(rows, i);
            string outcome;
            string? agent = null;
            var talk = TimeSpan.Zero;
            TimeSpan wait;
            if (row.Answered)
            {
                outcome = PassageOutcomes.Answered;
                (agent, var answering) = AnsweringAgent(rows, row, next, ref claimed);
                talk = answering?.Talk ?? TimeSpan.Zero;
                wait = PassageWait.Answered(row, answering);
            }
            else if (GoesOn(rows, i, next))
            {
                outcome = PassageOutcomes.Overflow;
                wait = PassageWait.Overflow(row, next);
            }
            else
            {
                outcome = PassageOutcomes.Abandoned;
                wait = PassageWait.Abandoned(rows, row);
            }

            passages.Add(new QueuePassage(queue.Dn, queue.Name, row.Start, wait, outcome, agent, talk, row.Key));
        }

        return passages;
    }

    static (string Dn, string? Name) Queue(LegRow row)
    {
        var (_, dnInDisplay) = DisplayForms.Split(row.Row.DestinationDisplayName);
        var dn = !string.IsNullOrWhiteSpace(row.Row.DestinationDn) ? row.Row.DestinationDn.Trim() : dnInDisplay ?? "unknown";
        return (dn, DisplayForms.Name(row.Row.DestinationDisplayName, dn));
    }

    static LegRow? NextQueueRow(List<LegRow> rows, int index)
    {
        for (var j = index + 1; j < rows.Count; j++)
            if (rows[j].Kind == LegKind.Queue) return rows[j];
        return null;
    }

    static bool GoesOn(List<LegRow> rows, int index, LegRow? next)
    {
        if (next is not null) return true;

        var queueRow = rows[index];
        if (!DisplayForms.SaysReplaced(queueRow.Row.Reason)) return false;
        var end = queueRow.End - AnswerTolerance;
        for (var j = 0; j < rows.Count; j++)
            if (j != index && rows[j].Start >= end) return true;
        return false;
    }

    /// <returns>The answering agent's DN (null when unknown) and their row (null when not among the rows).</returns>
    static (string? Agent, LegRow? Row) AnsweringAgent(List<LegRow> rows, LegRow queueRow, LegRow? next, ref List<LegRow>? claimed)
    {
        // 1. The answer lines up with the end of the queue row.
        var queueEnd = queueRow.End;
        LegRow? best = null;
        foreach (var row in rows)
        {
            if (!IsAnsweredAgentRow(row) || IsClaimed(claimed, row)) continue;
            var gap = (row.AnswerAt - queueEnd).Duration();
            if (gap <= AnswerTolerance && (best is null || gap < (best.AnswerAt - queueEnd).Duration()))
                best = row;
        }

        // 2. The party 3CX names in the queue row's Reason.
        if (best is null && DisplayForms.TryReplacedBy(queueRow.Row.Reason, out _, out var dn))
        {
            foreach (var r in rows)
                if (IsAnsweredAgentRow(r) && !IsClaimed(claimed, r) && r.Start >= queueRow.Start
                    && r.Row.DestinationDn.AsSpan().Trim().Equals(dn, StringComparison.Ordinal))
                {
                    best = r;
                    break;
                }
            if (best is null) return (dn, null);
        }

        // 3. The first answer after the queue row, before the call's next queue.
        if (best is null)
            foreach (var r in rows)
                if (IsAnsweredAgentRow(r) && !IsClaimed(claimed, r) && r.Start >= queueEnd - AnswerTolerance
                    && (next is null || r.Start < next.Start))
                {
                    best = r;
                    break;
                }

        if (best is null) return (null, null);
        (claimed ??= []).Add(best);
        return (best.Row.DestinationDn!.Trim(), best);
    }

    static bool IsClaimed(List<LegRow>? claimed, LegRow row)
    {
        if (claimed is null) return false;
        foreach (var taken in claimed)
            if (ReferenceEquals(taken, row)) return true;
        return false;
    }

    static bool IsAnsweredAgentRow(LegRow row) =>
        row.Kind == LegKind.Extension && row.Answered && !string.IsNullOrWhiteSpace(row.Row.DestinationDn);
}
