using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Collector.Security;

namespace Collector.ThreeCx.Json;

/// <summary>Reads ISO-8601 duration strings into <see cref="TimeSpan"/> (see <see cref="Iso8601Duration"/>).</summary>
internal sealed class Iso8601DurationConverter : JsonConverter<TimeSpan>
{
    /// <summary>Longer strings are no duration or date-time 3CX writes; they are refused without being decoded.</summary>
    internal const int MaxValueBytes = 64;

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && Length(ref reader) <= MaxValueBytes && Iso8601Duration.TryParse(reader.GetString(), out var value))
            return value;
        throw new JsonException($"Expected an ISO-8601 duration such as \"PT1M12.5S\" but found {Describe(ref reader)}.");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Iso8601Duration.Format(value));

    internal static long Length(ref Utf8JsonReader reader) => reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;

    /// <summary>
    /// The wrong token for a message: a string quoted up to <see cref="MaxValueBytes"/> bytes (a value may be megabytes
    /// long; only its start is decoded) with its length when longer, control characters replaced.
    /// </summary>
    internal static string Describe(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return reader.TokenType.ToString();
        var length = Length(ref reader);
        if (length <= MaxValueBytes) return $"\"{OutsideText.Bound(reader.GetString())}\"";
        var head = reader.HasValueSequence ? reader.ValueSequence.Slice(0, MaxValueBytes).ToArray() : reader.ValueSpan[..MaxValueBytes].ToArray();
        return $"\"{OutsideText.Bound(Encoding.UTF8.GetString(head))}…\" ({length} bytes)";
    }
}

/// <summary>Reads 3CX date-times into <see cref="DateTimeOffset"/> (see <see cref="XapiDateTime"/>).</summary>
internal sealed class XapiDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && Iso8601DurationConverter.Length(ref reader) <= Iso8601DurationConverter.MaxValueBytes
            && XapiDateTime.TryParse(reader.GetString()!, out var value))
            return value;
        throw new JsonException($"Expected an ISO-8601 date-time but found {Iso8601DurationConverter.Describe(ref reader)}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
