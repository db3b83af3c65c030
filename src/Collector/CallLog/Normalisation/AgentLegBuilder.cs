using Collector.ThreeCx;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// The agent legs of one call, in time order:
/// <list type="bullet">
/// <item>every <c>Extension</c> row (a queue's ring attempt, a direct or transferred call, the callee of an internal
/// call): the agent is DestinationDn, the name from DestinationDisplayName;</item>
/// <item>every <c>External</c> row that is not inbound (an outbound call placed by an agent): the agent is SourceDn,
/// the name from SourceDisplayName;</item>
/// <item>rows without that DN are skipped; IVR (<c>Digital Receptionist</c>), queue, <c>System</c> and unknown rows are
/// never agent legs. Unanswered ring attempts are legs too (answered = 0).</item>
/// </list>
/// The leg's direction is the row's Direction (<c>Inbound Queue</c> reads as inbound), else the call's.
/// </summary>
static class AgentLegBuilder
{
    public static List<AgentLeg> Build(List<LegRow> rows, string callDirection)
    {
        var legs = new List<AgentLeg>();
        foreach (var row in rows)
        {
            var (dn, display) = row.Kind switch
            {
                LegKind.Extension => (row.Row.DestinationDn, row.Row.DestinationDisplayName),
                LegKind.External when row.Direction != CallDirections.Inbound => (row.Row.SourceDn, row.Row.SourceDisplayName),
                _ => (null, null),
            };
            if (string.IsNullOrWhiteSpace(dn)) continue;
            var agent = dn.Trim();
            legs.Add(new AgentLeg(agent, DisplayForms.Name(display, agent), row.Direction ?? callDirection,
                row.Start, row.Ring, row.Talk, row.Answered, row.Key));
        }

        return legs;
    }
}
