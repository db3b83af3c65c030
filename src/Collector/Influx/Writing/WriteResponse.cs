using System.Text.Json;
using Collector.Security;

namespace Collector.Influx.Writing;

/// <summary>
/// What came back for one request: a status with InfluxDB's error text and Retry-After, or no status
/// at all when the request timed out or could not connect (<see cref="TransportError"/> says which).
/// </summary>
readonly record struct WriteResponse(int? Status, string? ServerMessage = null, TimeSpan? RetryAfter = null, string? TransportError = null)
{
    public static WriteResponse NoAnswer(string transportError) => new(null, TransportError: transportError);

    public string Summary => Status is { } status
        ? $"HTTP {status}{(string.IsNullOrEmpty(ServerMessage) ? "" : $" ({ServerMessage})")}"
        : TransportError ?? "no answer";

    /// <summary>
    /// InfluxDB's error text from a body: <c>{"error":…}</c> (v1), <c>{"message":…}</c> (v2, v3), or plain text. It is
    /// outside text (a proxy in front of InfluxDB may echo the request, credentials included): cut to
    /// <see cref="OutsideText.MaxLength"/>, control characters replaced, every secret <paramref name="secrets"/> knows masked.
    /// </summary>
    public static string? ReadServerMessage(string? body, SecretRegistry? secrets = null)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        var text = body.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                foreach (var name in (ReadOnlySpan<string>)["error", "message"])
                {
                    if (json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        text = value.GetString() ?? text;
                        break;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text.
            }
        }

        return OutsideText.Clean(text, secrets);
    }
}
