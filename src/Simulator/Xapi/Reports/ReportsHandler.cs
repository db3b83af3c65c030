using Simulator.Faults;
using Simulator.Hosting;
using Simulator.Model;
using Simulator.OData;
using Simulator.Xapi.CallLog;

namespace Simulator.Xapi.Reports;

/// <summary>
/// The queue report functions, computed by <see cref="QueueReports"/> from the same passages as the ground truth (finished
/// calls, passages that entered the queue in [from, to]): <c>Pbx.GetQueuePerformanceTotalsData</c>,
/// <c>Pbx.GetStatisticSlaData</c>, <c>Pbx.GetAbandonedQueueCallsData</c> and <c>Pbx.GetQueueAnsweredCallsByWaitTimeData</c>,
/// with the parameters in <c>$metadata</c> order (404 otherwise). Zero counts are omitted, as some 3CX reports do;
/// the <c>reportOffsets</c> fault makes a report disagree (<see cref="ReportOffsetting"/>).
/// </summary>
public sealed class ReportsHandler(SimulationHost host, FaultSettings faults, SimulatorOptions options)
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
            ("ReportAbandonedQueueCalls", "Pbx.GetAbandonedQueueCallsData")
                when call.HasParameters("periodFrom", "periodTo", "queueDns", "waitInterval") =>
                AbandonedQueueCalls(request, call),
            ("ReportQueueAnsweredCallsByWaitTime", "Pbx.GetQueueAnsweredCallsByWaitTimeData")
                when call.HasParameters("queueDnStr", "startDt", "endDt", "answerInterval") =>
                AnsweredCallsByWaitTime(request, call),
            _ => XapiResponse.NotFound(request),
        };
    }

    XapiResponse PerformanceTotals(XapiRequest request, FunctionCall call)
    {
        var (from, to) = (Literals.DateTime(call, "periodFrom"), Literals.DateTime(call, "periodTo"));
        var queues = Literals.String(call, "queueDns");
        var wait = Literals.TimeSpanString(call, "waitInterval");
        var offsets = Offsets("ReportQueuePerformanceTotals", from, to);
        return Respond(request, "ReportQueuePerformanceTotals", from, to, queues, allowAll: true, (q, passages, _) =>
        {
            var t = QueueReports.Totals(passages, wait);
            return [new EntityObject()
                .Add("QueueDn", q.Number)
                .Add("QueueDisplayName", q.Name)
                .Add("QueueReceivedCount", NonZero(ReportOffsetting.Count(offsets, q.Number, "QueueReceivedCount", t.Received)))
                .Add("ExtensionAnsweredCount", NonZero(ReportOffsetting.Count(offsets, q.Number, "ExtensionAnsweredCount", t.Answered)))
                .Add("ExtensionDroppedCount", NonZero(ReportOffsetting.Count(offsets, q.Number, "ExtensionDroppedCount", t.Dropped)))];
        });
    }

    XapiResponse StatisticSla(XapiRequest request, FunctionCall call)
    {
        var queues = Literals.String(call, "queueDnStr");
        var (from, to) = (Literals.DateTime(call, "startDt"), Literals.DateTime(call, "endDt"));
        var wait = Literals.TimeSpanString(call, "waitInterval");
        var offsets = Offsets("ReportStatisticSla", from, to);
        return Respond(request, "ReportStatisticSla", from, to, queues, allowAll: true, (q, passages, _) =>
        {
            var s = QueueReports.Sla(passages, wait);
            return [new EntityObject()
                .Add("QueueDnNumber", q.Number)
                .Add("Dn", q.Name)
                .Add("ReceivedCount", NonZero(ReportOffsetting.Count(offsets, q.Number, "ReceivedCount", s.Received)))
                .Add("BadSlaCallsCount", NonZero(ReportOffsetting.Count(offsets, q.Number, "BadSlaCallsCount", s.BadSla)))];
        });
    }

    /// <summary>One row per agent polled for each abandoned call (one row when none was); only the first row has the call's time, wait and caller.</summary>
    XapiResponse AbandonedQueueCalls(XapiRequest request, FunctionCall call)
    {
        var (from, to) = (Literals.DateTime(call, "periodFrom"), Literals.DateTime(call, "periodTo"));
        var queues = Literals.String(call, "queueDns");
        var wait = Literals.TimeSpanString(call, "waitInterval");
        var offsets = Offsets("ReportAbandonedQueueCalls", from, to);
        return Respond(request, "ReportAbandonedQueueCalls", from, to, queues, allowAll: false, (q, passages, directory) =>
        {
            var calls = ReportOffsetting.Abandoned(offsets, q.Number, QueueReports.Abandoned(passages, wait, c => StableIds.Guid(options.Seed, c.Seq, 0)));
            var rows = new List<EntityObject>();
            foreach (var abandoned in calls)
            {
                IReadOnlyList<(int Agent, int Attempts)> polled = abandoned.Polled.Count == 0 ? [(-1, 0)] : abandoned.Polled;
                for (var i = 0; i < polled.Count; i++)
                {
                    var row = new EntityObject().Add("QueueDn", q.Number).Add("QueueDisplayName", q.Name);
                    if (i == 0)
                        row.Add("CallTime", JsonFormats.Instant(abandoned.Enter)).Add("CallTimeForCsv", JsonFormats.Instant(abandoned.Enter))
                            .Add("WaitTime", JsonFormats.Duration(abandoned.Wait)).Add("CallerId", abandoned.CallerId);
                    if (polled[i].Agent >= 0)
                        row.Add("ExtensionDn", directory.Agents[polled[i].Agent].Number)
                            .Add("ExtensionDisplayName", directory.Agents[polled[i].Agent].Display);
                    rows.Add(row.Add("CallHistoryId", abandoned.CallHistoryId)
                        .Add("PollingAttempts", NonZero(polled[i].Attempts))
                        .Add("IsLoggedIn", polled[i].Agent >= 0 ? true : null));
                }
            }
            return rows;
        });
    }

    XapiResponse AnsweredCallsByWaitTime(XapiRequest request, FunctionCall call)
    {
        var queues = Literals.String(call, "queueDnStr");
        var (from, to) = (Literals.DateTime(call, "startDt"), Literals.DateTime(call, "endDt"));
        var answer = Literals.TimeSpanString(call, "answerInterval");
        var offsets = Offsets("ReportQueueAnsweredCallsByWaitTime", from, to);
        return Respond(request, "ReportQueueAnsweredCallsByWaitTime", from, to, queues, allowAll: true, (q, passages, directory) =>
            ReportOffsetting.Answered(offsets, q.Number, QueueReports.Answered(passages, answer))
                .Select(a => new EntityObject()
                    .Add("CallTime", JsonFormats.Instant(a.Enter))
                    .Add("AnsweredTime", JsonFormats.Instant(a.Enter + a.Wait))
                    .Add("Dn", q.Name)
                    .Add("DnNumber", q.Number)
                    .Add("Destination", directory.Agents[a.Agent].Display)
                    .Add("Source", a.Source)
                    .Add("RingTime", JsonFormats.Duration(a.Wait)))
                .ToList());
    }

    List<ReportOffset> Offsets(string function, DateTimeOffset from, DateTimeOffset to) =>
        [.. faults.ReportOffsets.Where(o => o.AppliesTo(function, from, to))];

    /// <summary>
    /// The rows of each wanted queue ('' = every queue, where the function allows it; else a comma-separated list of queue
    /// numbers), computed from the passages of finished calls that entered the queue in [from, to].
    /// </summary>
    XapiResponse Respond(XapiRequest request, string set, DateTimeOffset from, DateTimeOffset to, string queueDns, bool allowAll,
        Func<QueueDef, List<ReportPassage>, PbxDirectory, List<EntityObject>> rows)
    {
        var query = QueryOptions.Parse(request.Query);
        query.CheckTopCap(faults.TopCap);
        var wanted = queueDns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (wanted.Length == 0 && !allowAll)   // 3CX answers 404 without a real queue DN here
            return XapiResponse.Error(404, $"No queue was given to {set}: queueDns must name a queue (e.g. '800').");
        return host.Read((world, _) =>
        {
            var byQueue = world.Directory.Queues.ToDictionary(q => q.Index, _ => new List<ReportPassage>());
            foreach (var c in world.Store.Overlapping(from.UtcTicks, to.UtcTicks))
                for (var i = 0; i < c.Passages.Count; i++)
                    if (c.Passages[i].Enter >= from.UtcTicks && c.Passages[i].Enter <= to.UtcTicks)
                        byQueue[c.Passages[i].Queue].Add(new ReportPassage(c, i, c.Passages[i]));
            var result = world.Directory.Queues
                .Where(q => wanted.Length == 0 || wanted.Contains(q.Number))
                .SelectMany(q => rows(q, byQueue[q.Index], world.Directory))
                .ToList();
            return EntitySet.Respond(request, set, result, query);
        });
    }

    static long? NonZero(int count) => count == 0 ? null : count;
}
