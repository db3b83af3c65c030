namespace Collector.CallLog.Normalisation;

/// <summary>
/// One logical call: every call-log row that shares a grouping key (see <see cref="CallLogNormaliser"/>).
/// </summary>
/// <param name="CallKey">MainCallHistoryId, else CallHistoryId, else CdrId, else the row's stable hash (<c>h:…</c>).</param>
/// <param name="Start">The earliest row StartTime.</param>
/// <param name="End">The latest row end (StartTime + RingingDuration + TalkingDuration).</param>
/// <param name="Direction">One of <see cref="CallDirections"/>.</param>
/// <param name="Outcome">One of <see cref="CallOutcomes"/>.</param>
/// <param name="Duration"><see cref="End"/> − <see cref="Start"/>.</param>
/// <param name="Talk">Sum of the talk of the call's agent-side rows (extension and external legs).</param>
/// <param name="Ring">Sum of the ring time of the call's agent-side rows (unanswered attempts included).</param>
/// <param name="Legs">Number of distinct rows (legs) of the call.</param>
/// <param name="Passages">The call's queue passages, in time order.</param>
/// <param name="AgentLegs">The call's agent legs, in time order.</param>
internal sealed record NormalisedCall(
    string CallKey,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Direction,
    string Outcome,
    TimeSpan Duration,
    TimeSpan Talk,
    TimeSpan Ring,
    int Legs,
    IReadOnlyList<QueuePassage> Passages,
    IReadOnlyList<AgentLeg> AgentLegs)
{
    /// <summary>True when <see cref="Outcome"/> is <see cref="CallOutcomes.Answered"/>.</summary>
    public bool Answered => Outcome == CallOutcomes.Answered;

    /// <summary>
    /// The outside party's number: the caller of an inbound call, the number an outbound call dialled (see
    /// <see cref="PartyHeuristics.ExternalNumber"/>); null for internal calls or when no row names one. Personal data:
    /// written only to the <c>callback</c> points (for the dashboards), never logged.
    /// </summary>
    public string? ExternalNumber { get; init; }

    /// <summary>When the call was first answered (its first answered agent leg's start + ring), if it was.</summary>
    public DateTimeOffset? AnsweredAt
    {
        get
        {
            DateTimeOffset? first = null;
            for (var i = 0; i < AgentLegs.Count; i++)   // indexed: no enumerator boxed per call
            {
                var leg = AgentLegs[i];
                if (leg.Answered && (first is null || leg.Start + leg.Ring < first))
                    first = leg.Start + leg.Ring;
            }
            return first;
        }
    }
}

/// <summary>One passage of a call through a queue (one <c>Inbound Queue</c>/<c>Queue</c> row).</summary>
/// <param name="Queue">The queue's DN (DestinationDn), e.g. <c>800</c>.</param>
/// <param name="QueueName">The queue's name from its display form (<c>Sales (800)</c> → <c>Sales</c>), if any.</param>
/// <param name="Enter">When the call entered the queue (the row's StartTime).</param>
/// <param name="Wait">From the queue entry to the answer (the answering agent row's StartTime + RingingDuration), the
/// hang-up or leaving the queue: see <see cref="PassageWait"/>.</param>
/// <param name="Outcome">One of <see cref="PassageOutcomes"/>.</param>
/// <param name="Agent">The DN of the agent who answered from this queue (answered passages only, when known).</param>
/// <param name="Talk">The answering agent's talk on that leg (zero when not answered or not known).</param>
/// <param name="LegKey">The queue row's CdrId, or its stable hash (<c>h:…</c>).</param>
internal sealed record QueuePassage(
    string Queue,
    string? QueueName,
    DateTimeOffset Enter,
    TimeSpan Wait,
    string Outcome,
    string? Agent,
    TimeSpan Talk,
    string LegKey);

/// <summary>A call leg rung or answered at an agent's extension (or an outbound call the agent placed).</summary>
/// <param name="Agent">The extension DN: DestinationDn, or SourceDn for an outbound <c>External</c> row.</param>
/// <param name="AgentName">From the display form (<c>Berg, Anna (101)</c> → <c>Berg, Anna</c>), if any.</param>
/// <param name="Direction">One of <see cref="CallDirections"/>: the row's Direction, else the call's.</param>
/// <param name="Start">The row's StartTime (the phone started ringing, or the outbound call started).</param>
/// <param name="Ring">RingingDuration.</param>
/// <param name="Talk">TalkingDuration.</param>
/// <param name="Answered">Status <c>Answered</c> (else the row's Answered flag).</param>
/// <param name="LegKey">The row's CdrId, or its stable hash (<c>h:…</c>).</param>
internal sealed record AgentLeg(
    string Agent,
    string? AgentName,
    string Direction,
    DateTimeOffset Start,
    TimeSpan Ring,
    TimeSpan Talk,
    bool Answered,
    string LegKey);
