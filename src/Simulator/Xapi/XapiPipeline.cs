using System.Globalization;
using Simulator.Auth;
using Simulator.Faults;
using Simulator.OData;

namespace Simulator.Xapi;

/// <summary>
/// Every XAPI request passes here: injected faults first (delay, status, malformed body), then the bearer
/// token (401 as ASP.NET's JWT handler answers it: empty body, <c>WWW-Authenticate</c>), then the route; last the
/// faults that rewrite an answer (<c>longValue</c>, then <c>echo</c>).
/// </summary>
public sealed class XapiPipeline(FaultSettings faults, TokenService tokens, XapiRouter router, ILogger<XapiPipeline> log)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (faults.IgnoreSkip) WithoutSkip(context.Request);
        var request = XapiRequest.From(context);
        var fault = faults.Decide(request.RouteName, request.ReportFunction);
        if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, context.RequestAborted);

        XapiResponse response;
        if (fault.Status is int status && !fault.Malformed) response = FaultResponse(status, fault);
        else
        {
            var check = tokens.Check(context.Request.Headers.Authorization.ToString());
            response = check.State == TokenState.Valid ? Route(request) : Unauthorized(check);
            if (fault.LongValue is { } longValue) response = LongValues.Apply(response, longValue);
            if (fault.Malformed && response.Body is { Length: > 0 } body) response = Malformed(body);
        }
        if (faults.Echo) response = RequestEcho.Apply(response, RequestEcho.Describe(context, form: null));
        await WriteAsync(context, response);
    }

    XapiResponse Route(XapiRequest request)
    {
        try
        {
            return router.Handle(request);
        }
        catch (ODataException e)
        {
            log.LogDebug("Refused {Route}: {Status} {Message}", request.RouteName, e.Status, e.Message);
            return XapiResponse.Error(e.Status, e.Message);
        }
    }

    public static XapiResponse FaultResponse(int status, FaultDecision fault)
    {
        var headers = new Dictionary<string, string>();
        if (fault.RetryAfterSeconds is int retry) headers["Retry-After"] = retry.ToString(CultureInfo.InvariantCulture);
        if (status == 401) headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\"";
        var body = fault.EmptyBody || status == 401 ? null
            : ODataError.Body(ODataError.CodeFor(status), status switch
            {
                403 => "Access denied: the role of this API client is too low for this resource.",
                404 => "Resource not found for the segment.",
                429 => "Too many requests.",
                _ => "An error has occurred.",
            });
        return new XapiResponse(status, body, headers);
    }

    static XapiResponse Unauthorized(TokenCheck check)
    {
        var challenge = check.State switch
        {
            TokenState.Missing => "Bearer",
            TokenState.Expired => $"Bearer error=\"invalid_token\", error_description=\"The token expired at '{check.ExpiredAt!.Value.UtcDateTime.ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture)}'\"",
            _ => "Bearer error=\"invalid_token\"",
        };
        return new XapiResponse(401, null, new Dictionary<string, string> { ["WWW-Authenticate"] = challenge });
    }

    /// <summary>Drops <c>$skip</c> from the query, as a caching proxy that ignores it would (the <c>ignoreSkip</c> fault).</summary>
    static void WithoutSkip(HttpRequest request)
    {
        if (!request.Query.ContainsKey("$skip")) return;
        var kept = request.Query.Where(q => q.Key != "$skip").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        request.QueryString = QueryString.Create(kept);
    }

    /// <summary>A 200 whose JSON stops in the middle.</summary>
    public static XapiResponse Malformed(byte[] body) => new(200, body[..Math.Max(1, body.Length / 2)]);

    public static async Task WriteAsync(HttpContext context, XapiResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        if (response.Body is { } body)
        {
            context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
        else context.Response.ContentLength = 0;
    }
}
