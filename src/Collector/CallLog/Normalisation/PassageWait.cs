namespace Collector.CallLog.Normalisation;

/// <summary>
/// The wait of a queue passage: the time from the caller entering the queue (the queue row's StartTime) to the moment
/// the passage ended for the caller (docs/kpi.md, "Wait"). The one place the rule is written:
/// <list type="bullet">
/// <item><b>answered</b>: to the answer = the answering agent row's StartTime + RingingDuration, never earlier than the
/// queue row's end (StartTime + RingingDuration + TalkingDuration). On a real V20 PBX the queue row ends when the
/// queue starts ringing agents and the answering agent's row starts at the answer with RingingDuration <c>PT0S</c>, tens
/// of seconds later (reference notes §6: queue row 17.8 s, agent row from 51.2 s; the caller heard nobody until then).
/// Without the answering row among the rows the answer is taken as the queue row's end.</item>
/// <item><b>abandoned</b>: to the caller's hang-up = the latest end of the queue row and of the unanswered agent rows
/// that started from the queue entry on (a ring attempt the hang-up cut short ends with it).</item>
/// <item><b>overflow</b>: to leaving the queue = the queue row's end, or the next queue row's StartTime when that is
/// later (the caller entered the next queue when it left this one).</item>
/// </list>
/// </summary>
static class PassageWait
{
    /// <param name="queueRow">The passage's queue row.</param>
    /// <param name="answeringRow">The answering agent's row, when it is among the rows.</param>
    public static TimeSpan Answered(LegRow queueRow, LegRow? answeringRow)
    {
        var answer = answeringRow is not null && answeringRow.AnswerAt > queueRow.End ? answeringRow.AnswerAt : queueRow.End;
        return answer - queueRow.Start;
    }

    /// <param name="rows">All rows of the call, sorted by start.</param>
    /// <param name="queueRow">The passage's queue row.</param>
    public static TimeSpan Abandoned(List<LegRow> rows, LegRow queueRow)
    {
        var hangUp = queueRow.End;
        foreach (var row in rows)
            if (row.Kind == LegKind.Extension && !row.Answered && row.Start >= queueRow.Start && row.End > hangUp)
                hangUp = row.End;
        return hangUp - queueRow.Start;
    }

    /// <param name="queueRow">The passage's queue row.</param>
    /// <param name="nextQueueRow">The call's next queue row, if any.</param>
    public static TimeSpan Overflow(LegRow queueRow, LegRow? nextQueueRow)
    {
        var left = nextQueueRow is not null && nextQueueRow.Start > queueRow.End ? nextQueueRow.Start : queueRow.End;
        return left - queueRow.Start;
    }
}
