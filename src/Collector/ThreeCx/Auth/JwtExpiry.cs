using System.Buffers.Text;
using System.Text.Json;

namespace Collector.ThreeCx.Auth;

/// <summary>Reads the <c>exp</c> claim of a JWT without validating it (the PBX validates; we only plan refreshes).</summary>
internal static class JwtExpiry
{
    public static DateTimeOffset? TryRead(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("exp", out var exp)
                && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetDouble(out var seconds)
                && seconds is > 0 and < 253402300799)
                return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
        }

        return null;
    }
}
