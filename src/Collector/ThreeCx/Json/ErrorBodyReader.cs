using System.Text.Json;
using Collector.Security;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Pulls the human message out of an error body: OData's <c>{"error":{"code","message"}}</c> or OAuth's
/// <c>{"error":"unauthorized","error_description":"…"}</c>. Never throws; null when there is none. The message is
/// outside text: it comes back cut to <see cref="OutsideText.MaxLength"/>, without control characters, and with every
/// secret <paramref name="secrets"/> knows masked (a proxy or an error page may echo the request, token and form included).
/// </summary>
internal static class ErrorBodyReader
{
    public static string? TryReadMessage(ReadOnlySpan<byte> body, SecretRegistry? secrets = null) =>
        OutsideText.Clean(TryReadRawMessage(body), secrets);

    static string? TryReadRawMessage(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return null;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var root = doc.RootElement;
            if (!root.TryGetProperty("error", out var error)) return Text(root, "message");
            return error.ValueKind switch
            {
                JsonValueKind.Object => Text(error, "message") ?? Text(error, "code"),
                JsonValueKind.String => Text(root, "error_description") ?? error.GetString(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The OAuth error code (<c>invalid_client</c>, …) when the body is an OAuth error.</summary>
    public static string? TryReadOAuthError(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.String) return null;
        var text = p.GetString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
