using System.Buffers;
using System.Text.Json;
using Simulator.OData;

namespace Simulator.Xapi;

/// <summary>Builds a JSON body with a <see cref="Utf8JsonWriter"/> configured as 3CX writes JSON.</summary>
public static class JsonBody
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonFormats.Writer)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An OData collection: <c>{"@odata.context":…,["@odata.count":…,]"value":[…]}</c>.</summary>
    public static byte[] Collection<T>(string context, IEnumerable<T> items, long? count, Action<Utf8JsonWriter, T> writeItem) =>
        Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            if (count is long c) w.WriteNumber("@odata.count", c);
            w.WriteStartArray("value");
            foreach (var item in items) writeItem(w, item);
            w.WriteEndArray();
            w.WriteEndObject();
        });
}
