using System.Text.Json;
using Simulator.Faults;
using Simulator.Xapi;

namespace Simulator.Auth;

/// <summary>
/// <c>POST /connect/token</c> with the form fields <c>client_id</c>, <c>client_secret</c>,
/// <c>grant_type=client_credentials</c> (urlencoded or multipart). Wrong credentials get 3CX's 401 body.
/// </summary>
public sealed class TokenEndpoint(TokenService tokens, FaultSettings faults, string clientId, string clientSecret)
{
    public async Task HandleAsync(HttpContext context)
    {
        var fault = faults.Decide("token");
        var echo = faults.Echo ? RequestEcho.Describe(context, await RawBodyAsync(context)) : null;
        if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, context.RequestAborted);
        XapiResponse response;
        if (fault.Status is int status && !fault.Malformed)
            response = status == 401 ? BadCredentials() : XapiPipeline.FaultResponse(status, fault);
        else
        {
            response = await AnswerAsync(context);
            if (fault.Malformed && response.Body is { } body) response = XapiPipeline.Malformed(body);
        }
        if (echo is not null) response = RequestEcho.Apply(response, echo);
        await XapiPipeline.WriteAsync(context, response);
    }

    /// <summary>The request body as sent (the form, url-encoded), read so that the form can still be read after it.</summary>
    static async Task<string> RawBodyAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        return body;
    }

    async Task<XapiResponse> AnswerAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
            return OAuthError(400, "invalid_request", "The mandatory 'Content-Type' header must be 'application/x-www-form-urlencoded'.");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials")
            return OAuthError(400, "unsupported_grant_type", "The specified 'grant_type' is not supported.");
        if (form["client_id"] != clientId || form["client_secret"] != clientSecret) return BadCredentials();

        var (token, expiresIn) = tokens.Issue();
        return XapiResponse.Json(JsonBody.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", expiresIn);
            w.WriteString("access_token", token);
            w.WriteNull("refresh_token");
            w.WriteEndObject();
        }));
    }

    static XapiResponse BadCredentials() => OAuthError(401, "unauthorized", "The request requires valid user authentication.");

    static XapiResponse OAuthError(int status, string error, string description) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }));
}
