namespace Simulator.Xapi;

/// <summary>A request under <c>/xapi/v1/</c>: its raw (still percent-encoded) path segments and its query.</summary>
public sealed class XapiRequest
{
    public required IReadOnlyList<string> Segments { get; init; }
    public required IQueryCollection Query { get; init; }

    /// <summary>e.g. <c>http://127.0.0.1:5000/xapi/v1/</c>.</summary>
    public required string ServiceRoot { get; init; }

    public string Context(string fragment) => ServiceRoot + "$metadata#" + fragment;

    public static XapiRequest From(HttpContext context)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget
                  ?? context.Request.Path.Value ?? "";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var path = q >= 0 ? raw[..q] : raw;
        const string Prefix = "/xapi/v1/";
        var rest = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : "";
        return new XapiRequest
        {
            Segments = rest.Split('/'),
            Query = context.Request.Query,
            ServiceRoot = $"{context.Request.Scheme}://{context.Request.Host}{Prefix}",
        };
    }

    /// <summary>The route name faults are keyed on: calllog, activecalls, queues, users, systemstatus, defs, reports, or other.</summary>
    public string RouteName => Segments[0] switch
    {
        "ReportCallLogData" => "calllog",
        "ActiveCalls" => "activecalls",
        "Queues" => "queues",
        "Users" => "users",
        "SystemStatus" => "systemstatus",
        "Defs" => "defs",
        _ when ReportFunction is not null => "reports",
        _ => "other",
    };

    /// <summary>The entity set of a queue report function (<c>ReportAbandonedQueueCalls</c>, …), or null for any other route.</summary>
    public string? ReportFunction => Segments[0] is "ReportQueuePerformanceTotals" or "ReportStatisticSla"
        or "ReportAbandonedQueueCalls" or "ReportQueueAnsweredCallsByWaitTime" ? Segments[0] : null;
}

/// <summary>What to answer: a status, an optional JSON body and extra headers.</summary>
public sealed record XapiResponse(int Status, byte[]? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static XapiResponse Json(byte[] body) => new(200, body);

    public static XapiResponse Error(int status, string message) =>
        new(status, OData.ODataError.Body(OData.ODataError.CodeFor(status), message));

    public static XapiResponse NotFound(XapiRequest request) =>
        Error(404, $"No HTTP resource was found that matches the request URI '{request.ServiceRoot}{string.Join('/', request.Segments)}'.");
}
