using System.Buffers;
using BenchmarkDotNet.Attributes;
using Collector.Influx.LineProtocol;
using Collector.Live.Derivation;
using Collector.Live.Points;
using Official = InfluxDB.Client.Writes;
using WritePrecision = InfluxDB.Client.Api.Domain.WritePrecision;

namespace Collector.Bench;

/// <summary>
/// Our line-protocol encoder against the official <c>InfluxDB.Client</c> 5.1.0 (<c>PointData.ToLineProtocol()</c>), side by
/// side in one run, on each shape of point the collector writes: <c>call</c>, <c>queue_call</c> (a passage),
/// <c>agent_call</c>, <c>queue_live</c>, <c>agent_live</c> and the run's <c>collector</c> point. The live and run points
/// come from the product's own builders (<see cref="LivePoints"/>, <see cref="LiveRunPoint"/>), the call points mirror
/// <c>CallPoints</c> field for field. Every point is turned into a recipe (measurement, tags, fields, timestamp) once, so
/// both sides build from the same values with the same loop. Mean and Allocated are per point.
/// <list type="bullet">
/// <item><c>Encode</c>: prepared points to text (ours: UTF-8 into a reused buffer; theirs: the string
/// <c>ToLineProtocol()</c> returns, before any UTF-8 encoding, which favours theirs).</item>
/// <item><c>BuildAndEncode</c>: building each point from its values, then encoding it; theirs with the immutable
/// <c>PointData</c> (each <c>Tag</c>/<c>Field</c> returns a copy, as its README shows) and with its mutable
/// <c>PointData.Builder</c>.</item>
/// </list>
/// <code>dotnet run -c Release --project bench/Collector.Bench -- --filter '*OfficialClient*'</code>
/// </summary>
public class OfficialClientBenchmarks
{
    const int Points = 1000;

    readonly ArrayBufferWriter<byte> _output = new(1024 * 1024);
    Recipe[] _recipes = [];
    PointData[] _ours = [];
    Official.PointData[] _theirs = [];

    [Params("call", "queue_call", "agent_call", "queue_live", "agent_live", "collector")]
    public string Shape { get; set; } = "queue_call";

    [GlobalSetup]
    public void Setup()
    {
        _recipes = [.. PointShapes.Of(Shape).Take(Points).Select(Recipe.Of)];
        if (_recipes.Length != Points)
            throw new InvalidOperationException($"Only {_recipes.Length} points of shape {Shape}.");
        _ours = [.. _recipes.Select(r => r.Ours())];
        _theirs = [.. _recipes.Select(r => r.Theirs())];
        // Both sides must write the same point (theirs sorts the fields by key), or the comparison means nothing.
        for (var i = 0; i < Points; i++)
        {
            string ours = LineProtocolEncoder.ToLine(_ours[i]), theirs = _theirs[i].ToLineProtocol();
            if (SamePoint.Key(ours) != SamePoint.Key(theirs))
                throw new InvalidOperationException($"The two encoders disagree on a {Shape} point:\n{ours}\n{theirs}");
        }
    }

    [Benchmark(OperationsPerInvoke = Points, Baseline = true)]
    public int OursEncode()
    {
        _output.ResetWrittenCount();
        foreach (var point in _ours)
            LineProtocolEncoder.Write(point, _output);
        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int TheirsEncode()
    {
        var length = 0;
        foreach (var point in _theirs)
            length += point.ToLineProtocol().Length;
        return length;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int OursBuildAndEncode()
    {
        _output.ResetWrittenCount();
        foreach (var recipe in _recipes)
            LineProtocolEncoder.Write(recipe.Ours(), _output);
        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int TheirsBuildAndEncode()
    {
        var length = 0;
        foreach (var recipe in _recipes)
            length += recipe.Theirs().ToLineProtocol().Length;
        return length;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int TheirsBuilderBuildAndEncode()
    {
        var length = 0;
        foreach (var recipe in _recipes)
            length += recipe.TheirsWithBuilder().ToLineProtocol().Length;
        return length;
    }

    /// <summary>One point's values, from which both sides build their point.</summary>
    internal sealed record Recipe(string Measurement, KeyValuePair<string, string>[] Tags, KeyValuePair<string, FieldValue>[] Fields, long Timestamp)
    {
        public static Recipe Of(PointData point) =>
            new(point.Measurement, [.. point.Tags], [.. point.Fields], point.TimestampNs ?? throw new InvalidOperationException("A point without a timestamp."));

        public PointData Ours()
        {
            var point = new PointData(Measurement);
            foreach (var (key, value) in Tags)
                point.Tag(key, value);
            foreach (var (key, value) in Fields)
                point.Field(key, value);
            return point.Timestamp(Timestamp);
        }

        public Official.PointData Theirs()
        {
            var point = Official.PointData.Measurement(Measurement);
            foreach (var (key, value) in Tags)
                point = point.Tag(key, value);
            foreach (var (key, value) in Fields)
            {
                point = value.Kind switch
                {
                    FieldKind.Integer => point.Field(key, value.AsInteger),
                    FieldKind.Float => point.Field(key, value.AsFloat),
                    FieldKind.Boolean => point.Field(key, value.AsBoolean),
                    _ => point.Field(key, value.AsString),
                };
            }

            return point.Timestamp(Timestamp, WritePrecision.Ns);
        }

        public Official.PointData TheirsWithBuilder()
        {
            var builder = Official.PointData.Builder.Measurement(Measurement);
            foreach (var (key, value) in Tags)
                builder.Tag(key, value);
            foreach (var (key, value) in Fields)
            {
                _ = value.Kind switch
                {
                    FieldKind.Integer => builder.Field(key, value.AsInteger),
                    FieldKind.Float => builder.Field(key, value.AsFloat),
                    FieldKind.Boolean => builder.Field(key, value.AsBoolean),
                    _ => builder.Field(key, value.AsString),
                };
            }

            return builder.Timestamp(Timestamp, WritePrecision.Ns).ToPointData();
        }
    }
}

/// <summary>Realistic points of every shape the collector writes, as many as asked.</summary>
static class PointShapes
{
    static readonly string[] QueueNames = ["Sales", "Support, 2nd level", "Billing & Accounts", "Empfang Zürich", "VIP"];
    static readonly string[] Agents = ["Anna Berg", "Jürgen Øst", "Li Wei", "O'Brien, Pat", "María José"];
    static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static IEnumerable<PointData> Of(string shape) => shape switch
    {
        "call" => Endless(Call),
        "queue_call" => Endless(QueueCall),
        "agent_call" => Endless(AgentCall),
        "queue_live" => Endless(LiveSnapshots).Select(points => points.Where(p => p.Measurement == LivePoints.QueueMeasurement)).SelectMany(p => p),
        "agent_live" => Endless(LiveSnapshots).Select(points => points.Where(p => p.Measurement == LivePoints.AgentMeasurement)).SelectMany(p => p),
        "collector" => Endless(RunPoint),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Not a point shape."),
    };

    static IEnumerable<T> Endless<T>(Func<int, T> make)
    {
        for (var i = 0; ; i++)
            yield return make(i);
    }

    static string CallKey(int i) => (1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);

    static long Stamp(int i) => CallTimestamp.For(Start.AddTicks(i * 37_000_000L + i % 7), CallKey(i) + "/1");

    // As CallPoints.Call.
    static PointData Call(int i) => new PointData("call")
        .Tag("pbx", "hq").Tag("direction", i % 3 == 0 ? "outbound" : "inbound").Tag("outcome", i % 5 == 0 ? "abandoned" : "answered")
        .Field("call_id", CallKey(i)).Field("duration_s", 60 + (i * 7919 % 600_000) / 1000.0).Field("talk_s", 30 + (i * 104_729 % 600_000) / 1000.0)
        .Field("ring_s", (i * 31 % 20_000) / 1000.0).Field("answered", i % 5 == 0 ? 0L : 1L).Field("queue_passes", (long)(i % 3)).Field("legs", 2L + i % 4)
        .Timestamp(Stamp(i));

    // As CallPoints.QueueCall.
    static PointData QueueCall(int i)
    {
        var answered = i % 5 != 0;
        var wait = 2.5 + (i * 7919 % 60_000) / 1000.0;
        return new PointData("queue_call")
            .Tag("pbx", "hq").Tag("queue", $"80{i % QueueNames.Length}").Tag("queue_name", QueueNames[i % QueueNames.Length])
            .Tag("outcome", answered ? "answered" : "abandoned").Tag("agent", answered ? $"10{i % Agents.Length}" : null)
            .Field("call_id", CallKey(i)).Field("wait_s", wait).Field("talk_s", answered ? 30 + (i * 104_729 % 600_000) / 1000.0 : 0.0)
            .Field("answered", answered ? 1L : 0L).Field("abandoned", answered ? 0L : 1L).Field("short_abandon", !answered && wait < 5 ? 1L : 0L)
            .Field("sl_eligible", 1L).Field("sl_met", answered && wait <= 20 ? 1L : 0L).Field("sl_threshold_s", 20L)
            .Timestamp(Stamp(i));
    }

    // As CallPoints.AgentCall.
    static PointData AgentCall(int i) => new PointData("agent_call")
        .Tag("pbx", "hq").Tag("agent", $"10{i % Agents.Length}").Tag("agent_name", Agents[i % Agents.Length]).Tag("direction", i % 3 == 0 ? "outbound" : "inbound")
        .Field("call_id", CallKey(i)).Field("talk_s", 30 + (i * 104_729 % 600_000) / 1000.0).Field("ring_s", (i * 31 % 20_000) / 1000.0)
        .Field("answered", i % 4 == 0 ? 0L : 1L)
        .Timestamp(Stamp(i));

    // The product's own live points of the 50-queue, 500-agent snapshot, 5 s after the previous one.
    static List<PointData> LiveSnapshots(int i) =>
        LivePoints.From("hq", LiveDerivation.Derive(LiveWorkload.Inputs(50, 500)), TimeSpan.FromSeconds(5));

    // The product's own run point.
    static PointData RunPoint(int i) => LiveRunPoint.From(new LiveRunReport
    {
        Pbx = "hq", StartedAt = Start.AddSeconds(5 * i), Duration = TimeSpan.FromMilliseconds(12 + i % 30),
        Requests = 1 + i % 3, Points = 551, Waiting = i % 40,
    });
}

/// <summary>A line's series, fields (sorted by key, numbers by value) and timestamp, to check two encoders wrote the same point.</summary>
static class SamePoint
{
    public static string Key(string line)
    {
        var parts = Split(line, ' ');
        var fields = Split(parts[1], ',').Select(Field).Order(StringComparer.Ordinal);
        return $"{parts[0]} {string.Join(',', fields)} {parts[2]}";
    }

    static string Field(string field)
    {
        var equals = field.IndexOf('=', StringComparison.Ordinal);
        while (equals > 0 && field[equals - 1] == '\\')
            equals = field.IndexOf('=', equals + 1);
        string key = field[..equals], value = field[(equals + 1)..];
        if (value.StartsWith('"'))
            return $"{key}={value}";
        if (value.EndsWith('i'))
            return $"{key}={long.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture)}i";
        return value is "true" or "false" ? $"{key}={value}" : $"{key}={double.Parse(value, System.Globalization.CultureInfo.InvariantCulture):R}";
    }

    /// <summary>Splits on <paramref name="separator"/> where it is neither escaped nor inside a quoted string.</summary>
    static List<string> Split(string text, char separator)
    {
        var parts = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == separator && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }
}
