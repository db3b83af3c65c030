namespace Collector.ThreeCx.Http;

/// <summary>What the outcome policy needs to know about a request: where it went, never what it carried.</summary>
/// <param name="Endpoint">The path without host or query, e.g. <c>/xapi/v1/Users</c>.</param>
/// <param name="Route">The first segment after <c>/xapi/v1/</c>, e.g. <c>Users</c>, <c>ReportCallLogData</c>.</param>
/// <param name="IsToken">The OAuth token endpoint.</param>
/// <param name="IsFunction">An OData function (path contains <c>Pbx.…(</c>), whose parameters can be wrong.</param>
/// <param name="Host">Host and port, for network and TLS messages.</param>
internal sealed record XapiCall(string Endpoint, string Route, bool IsToken, bool IsFunction, string Host)
{
    public static XapiCall For(Uri absoluteUrl, string relativeUrl)
    {
        ArgumentNullException.ThrowIfNull(absoluteUrl);
        ArgumentNullException.ThrowIfNull(relativeUrl);
        var query = relativeUrl.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? relativeUrl.AsSpan() : relativeUrl.AsSpan(0, query);   // once per request: no strings but the route
        var isToken = path.SequenceEqual(OData.XapiRoutes.Token);
        string route;
        if (path.StartsWith(OData.XapiRoutes.ApiRoot, StringComparison.Ordinal))
        {
            var rest = path[OData.XapiRoutes.ApiRoot.Length..];
            var end = rest.IndexOfAny('/', '(', '?');
            route = (end < 0 ? rest : rest[..end]).ToString();
        }
        else
        {
            route = path.ToString();
        }
        return new XapiCall(absoluteUrl.AbsolutePath, route, isToken, path.Contains("/Pbx.", StringComparison.Ordinal) && path.EndsWith(')'), absoluteUrl.Authority);
    }
}
