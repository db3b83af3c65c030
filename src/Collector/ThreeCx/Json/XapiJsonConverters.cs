using System.Text.Json;
using System.Text.Json.Serialization;

namespace Collector.ThreeCx.Json;

/// <summary>Reads ISO-8601 duration strings into <see cref="TimeSpan"/> (see <see cref="Iso8601Duration"/>).</summary>
internal sealed class Iso8601DurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && Iso8601Duration.TryParse(reader.GetString(), out var value))
            return value;
        throw new JsonException($"Expected an ISO-8601 duration such as \"PT1M12.5S\" but found {Describe(ref reader)}.");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Iso8601Duration.Format(value));

    internal static string Describe(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : reader.TokenType.ToString();
}

/// <summary>Reads 3CX date-times into <see cref="DateTimeOffset"/> (see <see cref="XapiDateTime"/>).</summary>
internal sealed class XapiDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && XapiDateTime.TryParse(reader.GetString()!, out var value))
            return value;
        throw new JsonException($"Expected an ISO-8601 date-time but found {Iso8601DurationConverter.Describe(ref reader)}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
