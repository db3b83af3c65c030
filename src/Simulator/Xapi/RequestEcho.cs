using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Simulator.Faults;
using Simulator.OData;

namespace Simulator.Xapi;

/// <summary>
/// The <c>echo</c> fault: an answer that repeats the request, as some proxies and error pages do. An error answer's
/// message (OData <c>error.message</c>, OAuth <c>error_description</c>; an error without a body gets an OData error body)
/// ends with <c>Echo: Authorization: … METHOD PATH?QUERY Body: …</c>; a JSON success answer gets the same text in a
/// top-level <c>echo</c> member. The echo carries the bearer token and, on the token route, the form with the client
/// secret: the collector must show neither.
/// </summary>
public static class RequestEcho
{
    /// <summary>The request in one line: the Authorization header first (as header dumps put it), method, path and query, and the form body (if any).</summary>
    public static string Describe(HttpContext context, string? form)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var text = new StringBuilder("Echo: Authorization: ").Append(authorization.Length > 0 ? authorization : "(none)")
            .Append($" {request.Method} {request.Path}{request.QueryString}");
        if (form is not null) text.Append(" Body: ").Append(form);
        return text.ToString();
    }

    /// <summary>The answer with the echo in it; an answer whose body is not JSON is left as it is.</summary>
    public static XapiResponse Apply(XapiResponse response, string echo)
    {
        JsonNode? root = null;
        if (response.Body is { Length: > 0 } body)
        {
            try
            {
                root = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return response;   // a malformed answer stays malformed
            }
        }

        if (response.Status >= 400)
        {
            if (root is JsonObject o && o["error"] is JsonObject error && error["message"] is JsonValue message)
                error["message"] = $"{message.GetValue<string>()} {echo}";
            else if (root is JsonObject oauth && oauth["error_description"] is JsonValue description)
                oauth["error_description"] = $"{description.GetValue<string>()} {echo}";
            else if (root is null)
                root = JsonNode.Parse(ODataError.Body(ODataError.CodeFor(response.Status), echo));
            else if (root is JsonObject other)
                other["echo"] = echo;
            else
                return response;
        }
        else if (root is JsonObject success)
            success["echo"] = echo;
        else
            return response;

        return response with { Body = Encoding.UTF8.GetBytes(root!.ToJsonString()) };
    }
}

/// <summary>Applies a <see cref="LongValue"/> fault to a JSON success answer.</summary>
public static class LongValues
{
    public static XapiResponse Apply(XapiResponse response, LongValue fault)
    {
        if (response.Status is < 200 or >= 300 || response.Body is not { Length: > 0 } body) return response;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return response;
        }
        var target = root is JsonObject o && o["value"] is JsonArray { Count: > 0 } rows ? rows[0] as JsonObject : root as JsonObject;
        if (target is null) return response;
        var old = target[fault.Property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
        target[fault.Property] = old.Length >= fault.Length ? old : old + new string('x', fault.Length - old.Length);
        return response with { Body = Encoding.UTF8.GetBytes(root!.ToJsonString()) };
    }
}
