using Simulator.Faults;
using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.Reports;

/// <summary>
/// The queue report functions, computed from the same passages as the ground truth (finished calls only,
/// passages that entered the queue in [from, to]): <c>Pbx.GetQueuePerformanceTotalsData</c> and
/// <c>Pbx.GetStatisticSlaData</c>. Zero counts are omitted, as some 3CX reports do.
/// </summary>
public sealed class ReportsHandler(SimulationHost host, FaultSettings faults)
{
    public XapiResponse Handle(XapiRequest request)
    {
        if (request.Segments.Count != 2) return XapiResponse.NotFound(request);
        var call = FunctionCall.Parse(request.Segments[1]);
        if (call is null) return XapiResponse.NotFound(request);
        return (request.Segments[0], call.Name) switch
        {
            ("ReportQueuePerformanceTotals", "Pbx.GetQueuePerformanceTotalsData")
                when call.HasParameters("periodFrom", "periodTo", "queueDns", "waitInterval") =>
                PerformanceTotals(request, call),
            ("ReportStatisticSla", "Pbx.GetStatisticSlaData")
                when call.HasParameters("queueDnStr", "startDt", "endDt", "waitInterval") =>
                StatisticSla(request, call),
            _ => XapiResponse.NotFound(request),
        };
    }

    XapiResponse PerformanceTotals(XapiRequest request, FunctionCall call)
    {
        var from = Literals.DateTime(call, "periodFrom");
        var to = Literals.DateTime(call, "periodTo");
        var queues = Literals.String(call, "queueDns");
        var wait = Literals.TimeSpanString(call, "waitInterval");
        return Respond(request, "ReportQueuePerformanceTotals", from, to, queues, (q, passages) => new EntityObject()
            .Add("QueueDn", q.Number)
            .Add("QueueDisplayName", q.Name)
            .Add("QueueReceivedCount", NonZero(passages.Count(p => !ShortAbandon(p, wait))))
            .Add("ExtensionAnsweredCount", NonZero(passages.Count(p => p.Outcome == PassageOutcome.Answered)))
            .Add("ExtensionDroppedCount", NonZero(passages.Count(p => p.Outcome == PassageOutcome.Abandoned && !ShortAbandon(p, wait)))));
    }

    XapiResponse StatisticSla(XapiRequest request, FunctionCall call)
    {
        var queues = Literals.String(call, "queueDnStr");
        var from = Literals.DateTime(call, "startDt");
        var to = Literals.DateTime(call, "endDt");
        var wait = Literals.TimeSpanString(call, "waitInterval");
        return Respond(request, "ReportStatisticSla", from, to, queues, (q, passages) => new EntityObject()
            .Add("QueueDnNumber", q.Number)
            .Add("Dn", q.Name)
            .Add("ReceivedCount", NonZero(passages.Count))
            .Add("BadSlaCallsCount", NonZero(passages.Count(p => p.Outcome != PassageOutcome.Overflow && p.Wait > wait.Ticks))));
    }

    XapiResponse Respond(XapiRequest request, string set, DateTimeOffset from, DateTimeOffset to, string queueDns,
        Func<QueueDef, List<Passage>, EntityObject> row)
    {
        var options = QueryOptions.Parse(request.Query);
        options.CheckTopCap(faults.TopCap);
        var wanted = queueDns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return host.Read((world, _) =>
        {
            var byQueue = world.Directory.Queues.ToDictionary(q => q.Index, _ => new List<Passage>());
            foreach (var c in world.Store.Overlapping(from.UtcTicks, to.UtcTicks))
                foreach (var p in c.Passages)
                    if (p.Enter >= from.UtcTicks && p.Enter <= to.UtcTicks) byQueue[p.Queue].Add(p);
            var rows = world.Directory.Queues
                .Where(q => wanted.Length == 0 || wanted.Contains(q.Number))
                .Select(q => row(q, byQueue[q.Index]))
                .ToList();
            return EntitySet.Respond(request, set, rows, options);
        });
    }

    static bool ShortAbandon(Passage p, TimeSpan wait) => p.Outcome == PassageOutcome.Abandoned && p.Wait < wait.Ticks;

    static long? NonZero(int count) => count == 0 ? null : count;
}
