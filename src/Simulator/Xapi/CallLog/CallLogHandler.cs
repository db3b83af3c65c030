using Simulator.Faults;
using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.CallLog;

/// <summary>
/// <c>GET /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=…,…,hidePcalls=true)</c>: the call log,
/// newest first, with <c>$top</c>, <c>$skip</c>, <c>$count</c>, <c>$orderby=StartTime asc|desc</c> and <c>$select</c>.
/// </summary>
public sealed class CallLogHandler(SimulationHost host, CallLogIndex index, CallLegRows legRows, FaultSettings faults)
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
        var poison = faults.PoisonRows;

        return host.Read((world, _) =>
        {
            var refs = index.NewestFirst(world.Store, from.UtcTicks, to.UtcTicks);
            IReadOnlyList<CallLogRow>? filtered = null;
            if (sourceFilter.Length > 0 || destinationFilter.Length > 0 || callsType is 1 or 2)
                filtered = refs.Select(r => legRows.Row(r.Call, r.Order)).Where(r =>
                    (sourceFilter.Length == 0 || Contains(r.SourceDn, r.SourceCallerId, r.SourceDisplayName, sourceFilter))
                    && (destinationFilter.Length == 0 || Contains(r.DestinationDn, r.DestinationCallerId, r.DestinationDisplayName, destinationFilter))
                    && (callsType is not (1 or 2) || r.Answered == (callsType == 1))).ToList();
            var total = filtered?.Count ?? refs.Count;
            var skip = Math.Min(options.Skip, total);
            var take = Math.Min(options.Top ?? int.MaxValue, total - skip);
            // Newest first by default; ascending reads the same list from its end.
            var page = Enumerable.Range(skip, take).Select(i => ascending ? total - 1 - i : i)
                .Select(i => filtered is null ? legRows.Row(refs[i].Call, refs[i].Order) : filtered[i]);
            var select = options.Select is { } s && !s.Contains("*") ? s.ToHashSet() : null;
            var body = JsonBody.Collection(request.Context("ReportCallLogData"), page, options.Count ? total : null, (w, row) =>
            {
                if (poison is not null && row.LegOrder == 1 && poison.KindFor(row.MainCallHistoryId) is { } kind)
                    PoisonRows.Write(w, kind, clean => CallLogRowWriter.Write(clean, row, select, legacy));
                else
                    CallLogRowWriter.Write(w, row, select, legacy);
            });
            return XapiResponse.Json(poison is { Bom: true } ? [0xEF, 0xBB, 0xBF, .. body] : body);
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
