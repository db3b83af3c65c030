using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;

namespace Simulator.OData;

/// <summary>How 3CX writes instants and durations in JSON.</summary>
public static class JsonFormats
{
    /// <summary>Writer options: '+' and non-ASCII letters stay as they are, as 3CX sends them.</summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>UTC instant with the fraction's trailing zeros trimmed: <c>2026-09-13T18:10:36.10441Z</c>.</summary>
    public static string Instant(long utcTicks) =>
        new DateTime(utcTicks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset value) => Instant(value.UtcTicks);

    /// <summary>ISO-8601 duration as 3CX sends it: <c>PT1M12.577027S</c>, <c>PT0S</c>.</summary>
    public static string Duration(long ticks) => XmlConvert.ToString(TimeSpan.FromTicks(ticks));

    /// <summary>Seconds with 7 decimals at most (tick precision), for the ground truth.</summary>
    public static double Seconds(long ticks) => Math.Round(ticks / (double)TimeSpan.TicksPerSecond, 7);
}
