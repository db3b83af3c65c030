using System.Globalization;
using Simulator.Model;

namespace Simulator.Xapi.CallLog;

/// <summary>
/// Turns a finished call into the rows 3CX writes for it: an IVR leg, one "Inbound Queue" leg per queue
/// passage, and one leg per agent rung or answered (see src/Simulator/README.md for the exact mapping).
/// </summary>
/// <remarks>
/// The rows of an answered queue call have the shape of a real V20 PBX (reference notes §6): the queue row ends when the
/// queue starts ringing agents for the call (<see cref="QueueRowEnd"/>), and the answering agent's row starts at the
/// answer with RingingDuration <c>PT0S</c> (<see cref="RowStart"/>); between them is a gap of seconds to minutes (the
/// ringing, and any wait for a free agent after a ring without answer) that no row of the caller's covers. Agents rung
/// without answer keep a row of their own (Status <c>Unanswered</c>, their ring time).
/// </remarks>
public sealed class CallLegRows(PbxDirectory dir, int seed)
{
    /// <summary>The StartTime of each row <see cref="For"/> makes, in the same order, without building the rows.</summary>
    public static void Starts(Call call, List<RowRef> into)
    {
        var order = 0;
        if (call.Ivr is { } ivr) into.Add(new RowRef(ivr.Start, call, ++order));
        foreach (var p in call.Passages) into.Add(new RowRef(p.Enter, call, ++order));
        foreach (var leg in call.Legs) into.Add(new RowRef(RowStart(leg), call, ++order));
    }

    /// <summary>
    /// The end of a passage's queue row. Answered: when the queue first rang an agent for the call (at least its
    /// pick-up after the entry, at most the answer); otherwise when the caller left the queue (hang-up or overflow).
    /// </summary>
    public static long QueueRowEnd(Passage p)
    {
        var exit = p.Exit ?? p.Enter;
        if (p.Outcome != PassageOutcome.Answered) return exit;
        return Math.Min(exit, Math.Max(p.FirstOffer ?? exit, p.Enter + p.Pickup));
    }

    /// <summary>An agent row's StartTime: the answer for the answering leg of a queue call, else when the phone started ringing.</summary>
    public static long RowStart(AgentLeg leg) => AnswersFromQueue(leg) ? leg.Start + leg.Ring : leg.Start;

    /// <summary>An agent row's RingingDuration: <c>PT0S</c> for the answering leg of a queue call, else the ring.</summary>
    static long RowRing(AgentLeg leg) => AnswersFromQueue(leg) ? 0 : leg.Ring;

    static bool AnswersFromQueue(AgentLeg leg) => leg.Kind == LegKind.Queue && leg.Answered;

    public List<CallLogRow> For(Call call)
    {
        var rows = new List<CallLogRow>(call.Passages.Count + call.Legs.Count + 1);
        var id = StableIds.Guid(seed, call.Seq, 0);
        var source = Source(call);
        var order = 0;
        CallLogRow Row(long start, (string Dn, string CallerId, string Display) dest, long ring, long talk, bool answered,
            string direction, string type, string status, string reason, AgentLeg? recorded = null) => new()
        {
            MainCallHistoryId = id, CdrId = StableIds.Guid(seed, call.Seq, ++order), StartTicks = start, LegOrder = order,
            SourceDn = source.Dn, SourceCallerId = source.CallerId, SourceDisplayName = source.Display,
            DestinationDn = dest.Dn, DestinationCallerId = dest.CallerId, DestinationDisplayName = dest.Display,
            RingTicks = ring, TalkTicks = talk, Answered = answered, Direction = direction, CallType = type, Status = status,
            Reason = reason, RecordingId = recorded?.RecordingId,
            RecordingUrl = recorded?.RecordingId is int rec ? RecordingUrl(recorded.Agent, call, start, rec) : null,
        };

        if (call.Ivr is { } ivr)
        {
            var next = call.Passages.Count > 0 ? dir.Queues[call.Passages[0].Queue].Display
                : call.Legs.Count > 0 ? dir.Agents[call.Legs[0].Agent].Display : null;
            rows.Add(Row(ivr.Start, (PbxDirectory.IvrNumber, "", $"{PbxDirectory.IvrName} ({PbxDirectory.IvrNumber})"), 0,
                ivr.End!.Value - ivr.Start, true, "Inbound", "Digital Receptionist", "Answered",
                next is null ? EndedBy(call, source.Display) : $"{PbxDirectory.IvrName} ({PbxDirectory.IvrNumber}) was replaced by {next}"));
        }

        for (var i = 0; i < call.Passages.Count; i++)
        {
            var p = call.Passages[i];
            var queue = dir.Queues[p.Queue];
            var length = QueueRowEnd(p) - p.Enter;
            var ring = Math.Min(p.Pickup, length);
            var reason = p.Outcome switch
            {
                PassageOutcome.Answered => $"{queue.Display} was replaced by {dir.Agents[p.Agent!.Value].Display}",
                PassageOutcome.Overflow => $"{queue.Display} was replaced by {dir.Queues[call.Passages[i + 1].Queue].Display}",
                _ => $"Ended by {source.Display}",
            };
            var answered = p.Outcome == PassageOutcome.Answered;
            rows.Add(Row(p.Enter, (queue.Number, "", queue.Display), ring, length - ring, answered, "Inbound Queue", "Queue",
                answered ? "Waiting" : "Unanswered", reason));
        }

        foreach (var leg in call.Legs)
        {
            var agent = dir.Agents[leg.Agent];
            var status = leg.Answered ? "Answered" : "Unanswered";
            var reason = leg.TransferredTo is int to ? $"{agent.Display} was replaced by {dir.Agents[to].Display}"
                : leg.End == call.End ? EndedBy(call, leg.Answered && call.Seq % 3 == 0 ? agent.Display : source.Display)
                : "No answer";
            switch (leg.Kind)
            {
                case LegKind.Outbound:
                    rows.Add(Row(leg.Start, (PbxDirectory.TrunkNumber, call.CalleeNumber, call.CalleeNumber), leg.Ring, leg.Talk,
                        leg.Answered, "Outbound", "External", status, reason, leg));
                    break;
                case LegKind.Internal:
                    rows.Add(Row(leg.Start, (agent.Number, agent.Number, agent.Display), leg.Ring, leg.Talk, leg.Answered,
                        "Internal", "Extension", status, reason, leg));
                    break;
                default:
                    rows.Add(Row(RowStart(leg), (agent.Number, "", agent.Display), RowRing(leg), leg.Talk, leg.Answered,
                        "Inbound", "Extension", status, reason, leg));
                    break;
            }
        }
        return rows;
    }

    /// <summary>The one row of a call at a 1-based <paramref name="order"/>.</summary>
    public CallLogRow Row(Call call, int order) => For(call)[order - 1];

    (string Dn, string CallerId, string Display) Source(Call call)
    {
        if (call.OriginAgent is int a)
        {
            var agent = dir.Agents[a];
            return (agent.Number, agent.Number, agent.DisplayName);
        }
        return (PbxDirectory.TrunkNumber, call.CallerNumber, call.CallerName);
    }

    static string EndedBy(Call call, string party) => call.Direction == CallDirection.Outbound && party != call.CallerName
        ? $"Ended by {call.CalleeNumber}" : $"Ended by {party}";

    /// <summary>As on V20: the file name's stamp is the recorded row's StartTime, to the second (notes §6).</summary>
    string RecordingUrl(int agentIndex, Call call, long rowStart, int recordingId)
    {
        var agent = dir.Agents[agentIndex];
        var other = call.Direction == CallDirection.Outbound ? call.CalleeNumber : call.CallerNumber;
        var stamp = new DateTime(rowStart, DateTimeKind.Utc).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return $"{agent.Number}/[{agent.LastName}, {agent.FirstName}]_{agent.Number}-{other}_{stamp}({recordingId % 1000}).wav";
    }
}
