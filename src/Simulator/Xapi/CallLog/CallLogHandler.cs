using Simulator.Faults;
using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.CallLog;

/// <summary>
/// <c>GET /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=…,…,hidePcalls=true)</c>: the call log,
/// newest first, with <c>$top</c>, <c>$skip</c>, <c>$count</c>, <c>$orderby=StartTime asc|desc</c> and <c>$select</c>.
/// </summary>
public sealed class CallLogHandler(SimulationHost host, CallLogIndex index, FaultSettings faults)
{
    static readonly string[] Parameters =
    [
        "periodFrom", "periodTo", "sourceType", "sourceFilter", "destinationType", "destinationFilter", "callsType",
        "callTimeFilterType", "callTimeFilterFrom", "callTimeFilterTo", "hidePcalls",
    ];

    public XapiResponse Handle(XapiRequest request)
    {
        if (request.Segments.Count != 2) return XapiResponse.NotFound(request);
        var call = FunctionCall.Parse(request.Segments[1]);
        if (call is null || call.Name != "Pbx.GetCallLogData" || !call.HasParameters(Parameters)) return XapiResponse.NotFound(request);

        var from = Literals.DateTime(call, "periodFrom");
        var to = Literals.DateTime(call, "periodTo");
        Literals.Int32(call, "sourceType");
        var sourceFilter = Literals.String(call, "sourceFilter");
        Literals.Int32(call, "destinationType");
        var destinationFilter = Literals.String(call, "destinationFilter");
        var callsType = Literals.Int32(call, "callsType");
        Literals.Int32(call, "callTimeFilterType");
        Literals.TimeSpanString(call, "callTimeFilterFrom");
        Literals.TimeSpanString(call, "callTimeFilterTo");
        Literals.Boolean(call, "hidePcalls");

        var options = QueryOptions.Parse(request.Query);
        options.CheckTopCap(faults.TopCap);
        options.CheckSelect("Pbx.CallLogData", CallLogRowWriter.Properties);
        var ascending = ParseOrder(options.OrderBy);
        var legacy = faults.LegacyFields;

        return host.Read((world, _) =>
        {
            IEnumerable<CallLogRow> rows = index.NewestFirst(world.Store, from.UtcTicks, to.UtcTicks);
            if (sourceFilter.Length > 0) rows = rows.Where(r => Contains(r.SourceDn, r.SourceCallerId, r.SourceDisplayName, sourceFilter));
            if (destinationFilter.Length > 0)
                rows = rows.Where(r => Contains(r.DestinationDn, r.DestinationCallerId, r.DestinationDisplayName, destinationFilter));
            if (callsType is 1 or 2) rows = rows.Where(r => r.Answered == (callsType == 1));
            var list = rows as List<CallLogRow> ?? rows.ToList();
            IEnumerable<CallLogRow> ordered = ascending ? Enumerable.Reverse(list) : list;
            var page = ordered.Skip(options.Skip);
            if (options.Top is int top) page = page.Take(top);
            var select = options.Select is { } s && !s.Contains("*") ? s.ToHashSet() : null;
            return XapiResponse.Json(JsonBody.Collection(request.Context("ReportCallLogData"), page,
                options.Count ? list.Count : null, (w, row) => CallLogRowWriter.Write(w, row, select, legacy)));
        });
    }

    /// <summary>True for ascending order; default and <c>StartTime desc</c> are newest first.</summary>
    static bool ParseOrder(string? orderBy)
    {
        if (string.IsNullOrEmpty(orderBy)) return false;
        var parts = orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 2 || (parts.Length == 2 && parts[1] is not ("asc" or "desc")))
            throw new ODataException(400, $"The query specified in the URI is not valid. Syntax error at position {orderBy.Length} in '{orderBy}'.");
        if (!CallLogRowWriter.Properties.Contains(parts[0]))
            throw new ODataException(400, $"The query specified in the URI is not valid. Could not find a property named '{parts[0]}' on type 'Pbx.CallLogData'.");
        if (parts[0] != "StartTime")
            throw new ODataException(501, $"The simulator orders the call log by StartTime only, not by '{parts[0]}'.");
        return parts.Length == 1 || parts[1] == "asc";
    }

    static bool Contains(string dn, string callerId, string display, string filter) =>
        dn.Contains(filter, StringComparison.OrdinalIgnoreCase) || callerId.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || display.Contains(filter, StringComparison.OrdinalIgnoreCase);
}
