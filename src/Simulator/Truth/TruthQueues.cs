using System.Text.Json;
using Simulator.Model;

namespace Simulator.Truth;

/// <summary>The queues' configuration that decides KPIs: number, name and 3CX's SLATime (seconds, 0 = not set).</summary>
public static class TruthQueues
{
    public static void Write(Utf8JsonWriter w, PbxDirectory dir)
    {
        w.WriteStartObject();
        w.WriteStartArray("queues");
        foreach (var q in dir.Queues)
        {
            w.WriteStartObject();
            w.WriteString("queue", q.Number);
            w.WriteString("name", q.Name);
            w.WriteNumber("slaTime_s", q.SlaTimeSeconds);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
