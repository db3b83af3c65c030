using System.Text.Json;

namespace Simulator.OData;

/// <summary>OData error bodies: <c>{"error":{"code":"…","message":"…"}}</c>.</summary>
public static class ODataError
{
    public static byte[] Body(string code, string message)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonFormats.Writer))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static string CodeFor(int status) => status switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        503 => "ServiceUnavailable",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
