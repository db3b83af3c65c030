using Collector.Configuration;
using System.Text.Json;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.Tests.Support;
using static Collector.Tests.Influx.WriterTestKit;

namespace Collector.Tests.Influx;

/// <summary>The encoder and writer against a real influxd: what is written reads back exactly.</summary>
[Collection(InfluxCollection.Name)]
public class InfluxdRoundTripTests(InfluxFixture influx)
{
    static readonly CancellationToken None = CancellationToken.None;

    static string NewDatabase() => $"writer_{Guid.NewGuid():N}";

    InfluxWriter WriterFor(string database, Action<InfluxOptions>? change = null) =>
        Writer(Options(influx.Server.Url, o =>
        {
            o.Database = database;
            o.RequestTimeout = TimeSpan.FromSeconds(30);
            change?.Invoke(o);
        }));

    [Fact]
    public async Task TheReferenceLineReadsBackWithEveryValueAndTypeAndTheDatabaseIsCreated()
    {
        var database = NewDatabase();
        var writer = WriterFor(database);
        var point = new PointData("cpu load")
            .Tag("host", "web 01").Tag("region", "eu,west").Tag("path", "a=b")
            .Field("value", 0.64).Field("msg", "he said \"hi\"").Field("n", 42L).Field("ok", true)
            .Timestamp(1795402372_000000000);

        var result = await writer.WriteAsync([point], None);

        Assert.Equal(1, result.LinesWritten);
        Assert.Equal(1, writer.Counters.Snapshot().DatabasesCreated);
        var row = await SingleRowAsync(database, "SELECT * FROM \"cpu load\"");
        Assert.Equal(1795402372_000000000, row["time"].GetInt64());
        Assert.Equal("web 01", row["host"].GetString());
        Assert.Equal("eu,west", row["region"].GetString());
        Assert.Equal("a=b", row["path"].GetString());
        Assert.Equal(0.64, row["value"].GetDouble());
        Assert.Equal("he said \"hi\"", row["msg"].GetString());
        Assert.Equal(42, row["n"].GetInt64());
        Assert.True(row["ok"].GetBoolean());
        Assert.Equal(
            new Dictionary<string, string> { ["msg"] = "string", ["n"] = "integer", ["ok"] = "boolean", ["value"] = "float" },
            await FieldTypesAsync(database, "cpu load"));
    }

    [Fact]
    public async Task HostileNamesAndValuesReadBackAsDocumented()
    {
        var database = NewDatabase();
        var point = new PointData("queue,call =x")
            .Tag("queue name", "Sales, EU = \"A\"")
            .Tag("team", "Sales\r\nTeam")
            .Tag("agent", "Jürgen Øst 😀")
            .Tag("path", @"C:\queues\")
            .Tag("plain", @"a\b")
            .Field("note, =", "C:\\temp \"x\"\nnext line\\")
            .Field("wait_s", 12.345678)
            .Field("min", long.MinValue)
            .Timestamp(1_000);

        await WriterFor(database).WriteAsync([point], None);

        var row = await SingleRowAsync(database, "SELECT * FROM \"queue,call =x\"");
        Assert.Equal("Sales, EU = \"A\"", row["queue name"].GetString());
        Assert.Equal(@"Sales\r\nTeam", row["team"].GetString());      // CR/LF arrive as escaped text
        Assert.Equal("Jürgen Øst 😀", row["agent"].GetString());
        Assert.Equal(@"C:\queues/", row["path"].GetString());         // a trailing backslash becomes '/'
        Assert.Equal(@"a\b", row["plain"].GetString());
        Assert.Equal("C:\\temp \"x\"\nnext line\\", row["note, ="].GetString()); // a string field stores a line break exactly
        Assert.Equal(12.345678, row["wait_s"].GetDouble());
        Assert.Equal(long.MinValue, row["min"].GetInt64());
    }

    /// <summary>
    /// Awkward text in every place a point has text, as the escaper documents it: the text, what a measurement name stores,
    /// what a tag key, tag value or field key stores, what a string field stores, and the characters replaced in the five
    /// places together.
    /// </summary>
    public static TheoryData<string, string, string, string, int> AwkwardText => new()
    {
        { "a\0b", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb", 5 },                                      // NUL
        { "a\tb", "a\tb", "a\tb", "a\tb", 0 },                                                 // tab
        { "a\r\nb", @"a\r\nb", @"a\r\nb", "a\r\nb", 8 },                                        // CR LF: exact in a string field
        { "a\nb\\", @"a\nb/", @"a\nb/", "a\nb\\", 8 },                                          // LF, then a backslash at the end
        { "\"q\" \\ \t😀\r\n", "\"q\" / \t😀\\r\\n", "\"q\" / \t😀\\r\\n", "\"q\" \\ \t😀\r\n", 12 },     // all at once
        { "\u001b[0m\u007f\u0085", "\uFFFD[0m\uFFFD\uFFFD", "\uFFFD[0m\uFFFD\uFFFD", "\uFFFD[0m\uFFFD\uFFFD", 15 }, // ESC, DEL, NEL
        { @"ab\", "ab/", "ab/", @"ab\", 4 },                                                     // backslash at the end
        { @"a\ b", "a/ b", "a/ b", @"a\ b", 4 },                                                 // backslash before space
        { @"a\,b", "a/,b", "a/,b", @"a\,b", 4 },                                                 // backslash before comma
        { @"a\=b", "a/=b", "a/=b", @"a\=b", 4 },                                                 // backslash before equals
        { @"C:\queues\x", @"C:\queues\x", @"C:\queues\x", @"C:\queues\x", 0 },                     // backslash inside
        { "say \"hi\", it's", "say \"hi\", it's", "say \"hi\", it's", "say \"hi\", it's", 0 },       // quotes
        { "Jürgen Øst 😀", "Jürgen Øst 😀", "Jürgen Øst 😀", "Jürgen Øst 😀", 0 },                       // accents, emoji
    };

    [Theory]
    [MemberData(nameof(AwkwardText))]
    public async Task AwkwardTextInMeasurementTagsAndFieldsIsStoredExactlyOrAsItsDocumentedReplacement(
        string text, string inName, string inKey, string inString, int replaced)
    {
        var database = NewDatabase();
        var writer = WriterFor(database);
        var point = new PointData("m " + text).Tag("k " + text, "v " + text).Tag("pbx", "hq")
            .Field("f " + text, "s " + text).Field("n", 1L).Timestamp(1_000);

        var result = await writer.WriteAsync([point], None);

        Assert.Equal((1, 0), (result.LinesWritten, result.LinesDropped));
        Assert.Equal(replaced, writer.Counters.Snapshot().CharactersReplaced);
        var answer = await influx.Server.QueryAsync(database, "SELECT * FROM /.*/");
        var series = Assert.Single(answer.GetProperty("results")[0].GetProperty("series").EnumerateArray().ToList());
        Assert.Equal("m " + inName, series.GetProperty("name").GetString());
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(new[] { "f " + inKey, "k " + inKey, "n", "pbx", "time" }, columns.Order(StringComparer.Ordinal));
        var row = Assert.Single(series.GetProperty("values").EnumerateArray().ToList());
        string? Value(string column) => row[columns.IndexOf(column)].GetString();
        Assert.Equal("v " + inKey, Value("k " + inKey));
        Assert.Equal("s " + inString, Value("f " + inKey));
        Assert.Equal("hq", Value("pbx")); // the awkward tag did not swallow its neighbour
    }

    [Fact]
    public async Task ABackslashBeforeAQuoteIsStoredExactlyInTagsAndStringsAndAsASlashInNamesAndFieldKeys()
    {
        var database = NewDatabase();
        var writer = WriterFor(database);
        var text = "a\\\"b";
        var point = new PointData("m " + text).Tag("k " + text, "v " + text).Field("f " + text, "s " + text).Timestamp(1_000);

        await writer.WriteAsync([point], None);

        var answer = await influx.Server.QueryAsync(database, "SELECT * FROM /.*/");
        var series = answer.GetProperty("results")[0].GetProperty("series")[0];
        Assert.Equal("m a/\"b", series.GetProperty("name").GetString());
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(new[] { "f a/\"b", "k " + text, "time" }, columns.Order(StringComparer.Ordinal));
        var row = series.GetProperty("values")[0];
        Assert.Equal("v " + text, row[columns.IndexOf("k " + text)].GetString());
        Assert.Equal("s " + text, row[columns.IndexOf("f a/\"b")].GetString());
        Assert.Equal(2, writer.Counters.Snapshot().CharactersReplaced);
    }

    [Fact]
    public async Task StringFieldsWithLineBreaksTabsAndBackslashesReadBackExactlyAlsoFromTheOutboxText()
    {
        var database = NewDatabase();
        var writer = WriterFor(database);
        string[] values = ["line 1\nline 2", "a\r\nb\r", "\ttabbed\t", @"C:\queues\", @"a\ b\,c\=d", "\"quoted\"\n\\", "Jürgen 😀\n"];
        var points = values.Select((v, i) => new PointData("note").Tag("pbx", "hq").Field("text", v).Field("i", i).Timestamp(1_000 + i)).ToList();

        // As the outbox keeps them: the encoded text of each run, joined and split into lines again by LineBatch.Parse.
        var result = await writer.WriteAsync(LineBatch.Parse([LineProtocolEncoder.ToText(points[..3]), LineProtocolEncoder.ToText(points[3..])]), None);

        Assert.Equal((values.Length, 0), (result.LinesWritten, result.LinesDropped));
        var answer = await influx.Server.QueryAsync(database, "SELECT \"text\" FROM note");
        var stored = answer.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values").EnumerateArray().Select(v => v[1].GetString()).ToArray();
        Assert.Equal(values, stored);
    }

    [Fact]
    public async Task HalfASurrogatePairIsStoredAsTheReplacementCharacter()
    {
        // Not theory data: xUnit would replace the broken text itself on the way to the test.
        var database = NewDatabase();
        var writer = WriterFor(database);
        var broken = "Anna \ud83d Berg";

        await writer.WriteAsync([new PointData("m").Tag("agent_name", broken).Field("s", broken).Timestamp(1_000)], None);

        var row = await SingleRowAsync(database, "SELECT * FROM m");
        Assert.Equal("Anna \uFFFD Berg", row["agent_name"].GetString());
        Assert.Equal("Anna \uFFFD Berg", row["s"].GetString());
        Assert.Equal(2, writer.Counters.Snapshot().CharactersReplaced);
    }

    [Fact]
    public async Task WritingTheSameCallsAgainInOtherBatchesLeavesEveryCountUnchanged()
    {
        var database = NewDatabase();
        var writer = WriterFor(database, o => o.BatchSize = 300);
        var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        // Many calls share a start tick: the per-call timestamp still keeps them apart.
        var points = Enumerable.Range(0, 1000).Select(i => new PointData("queue_call")
            .Tag("pbx", "hq").Tag("queue", $"80{i % 3}")
            .Field("call_id", $"{i}").Field("wait_s", i / 10.0).Field("answered", i % 2)
            .Timestamp(CallTimestamp.For(start.AddSeconds(i / 10), $"{i}/1"))).ToList();

        var first = await writer.WriteAsync(points, None);
        var again = await writer.WriteAsync(Enumerable.Reverse(points), None);

        Assert.Equal(1000, first.LinesWritten);
        Assert.Equal(1000, again.LinesWritten);
        Assert.Equal(8, writer.Counters.Snapshot().Batches); // 300 + 300 + 300 + 100, twice
        var row = await SingleRowAsync(database, "SELECT count(wait_s), sum(answered) FROM queue_call");
        Assert.Equal(1000, row["count"].GetInt64());
        Assert.Equal(500, row["sum"].GetInt64());
    }

    [Fact]
    public async Task AFieldTypeConflictDropsOnlyTheConflictingLineAndWritesTheRest()
    {
        var database = NewDatabase();
        var writer = WriterFor(database);
        await writer.WriteAsync(LineBatch.Parse("m,k=a v=1i 1000"), None);

        var result = await writer.WriteAsync(LineBatch.Parse("m,k=b v=2i 2000\nm,k=c v=2.5 3000\nm,k=d v=4i 4000\nm,k=e v=5i 5000"), None);

        Assert.Equal(new[] { 3, 1 }, new[] { result.LinesWritten, result.LinesDropped });
        var row = await SingleRowAsync(database, "SELECT count(v), sum(v) FROM m");
        Assert.Equal(4, row["count"].GetInt64());
        Assert.Equal(12, row["sum"].GetInt64());
    }

    async Task<Dictionary<string, JsonElement>> SingleRowAsync(string database, string query)
    {
        var answer = await influx.Server.QueryAsync(database, query);
        var series = answer.GetProperty("results")[0].GetProperty("series")[0];
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        var values = Assert.Single(series.GetProperty("values").EnumerateArray().ToList());
        return columns.Select((name, i) => (name, value: values[i])).ToDictionary(c => c.name, c => c.value);
    }

    async Task<Dictionary<string, string>> FieldTypesAsync(string database, string measurement)
    {
        var answer = await influx.Server.QueryAsync(database, $"SHOW FIELD KEYS FROM \"{measurement}\"");
        return answer.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values").EnumerateArray()
            .ToDictionary(v => v[0].GetString()!, v => v[1].GetString()!);
    }
}
