using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Collector.Tests.Support;
using static Collector.Tests.Influx.WriterTestKit;

namespace Collector.Tests.Influx;

/// <summary>InfluxQL read back from a real influxd over the v1 /query API, as the reconciliation reads our own points.</summary>
[Collection(InfluxCollection.Name)]
public sealed class InfluxQueryClientTests(InfluxFixture influx)
{
    static readonly CancellationToken None = CancellationToken.None;

    InfluxQueryClient Reader(string database, Action<InfluxOptions>? change = null) =>
        new(new HttpClient(), Options(influx.Server.Url, o =>
        {
            o.Database = database;
            change?.Invoke(o);
        }), TimeProvider.System);

    [Fact]
    public async Task WrittenPointsReadBackPerSeriesWithTheirTagsColumnsAndNullsForFieldsNeverWritten()
    {
        var database = $"reader_{Guid.NewGuid():N}";
        await Writer(Options(influx.Server.Url, o => o.Database = database)).WriteAsync(new PointData[]
        {
            new PointData("queue_call").Tag("pbx", "h'q").Tag("queue", "800").Field("wait_s", 12.5).Field("answered", 1).Timestamp(1_000_000_000),
            new PointData("queue_call").Tag("pbx", "h'q").Tag("queue", "801").Field("wait_s", 3.25).Field("answered", 0).Timestamp(2_000_000_000),
            new PointData("queue_call").Tag("pbx", "other").Tag("queue", "801").Field("wait_s", 9.0).Field("answered", 0).Timestamp(2_000_000_000),
        }, None);

        var series = await Reader(database).QueryAsync(
            "SELECT \"wait_s\", \"answered\", \"sl_threshold_s\" FROM \"queue_call\" WHERE \"pbx\" = 'h\\'q' AND time >= 0 AND time < 3000000000 GROUP BY \"queue\"", None);

        Assert.Equal(["800", "801"], series.Select(s => s.Tag("queue")));
        Assert.Equal(["time", "wait_s", "answered", "sl_threshold_s"], series[0].Columns);
        var row = Assert.Single(series[1].Rows);
        Assert.Equal(2_000_000_000, row[0].GetInt64());
        Assert.Equal(3.25, row[series[1].Column("wait_s")].GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row[series[1].Column("sl_threshold_s")].ValueKind);
    }

    [Fact]
    public async Task NothingMatchedIsNoSeriesAndAMissingDatabaseIsAPlainError()
    {
        var database = $"reader_{Guid.NewGuid():N}";
        await influx.Server.QueryAsync(database, $"CREATE DATABASE {database}");

        Assert.Empty(await Reader(database).QueryAsync("SELECT \"wait_s\" FROM \"queue_call\" WHERE time >= 0", None));
        var missing = await Assert.ThrowsAsync<InfluxQueryException>(() => Reader("no_such_db").QueryAsync("SELECT \"wait_s\" FROM \"queue_call\"", None));
        Assert.Contains("database not found: no_such_db", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralStatementsSentInOneRequestAnswerEachInTheOrderTheyWereGiven()
    {
        var database = $"reader_{Guid.NewGuid():N}";
        await Writer(Options(influx.Server.Url, o => o.Database = database)).WriteAsync(new PointData[]
        {
            new PointData("queue_call").Tag("pbx", "h;q").Tag("queue", "800").Field("wait_s", 12.5).Timestamp(1_000_000_000),
            new PointData("queue_call").Tag("pbx", "h;q").Tag("queue", "801").Field("wait_s", 3.25).Timestamp(2_000_000_000),
        }, None);

        var answers = await Reader(database).QueryEachAsync(
        [
            "SELECT sum(\"wait_s\") FROM \"queue_call\" WHERE \"pbx\" = 'h;q' AND time >= 0 AND time < 3000000000 GROUP BY \"queue\"",
            "SELECT \"wait_s\" FROM \"queue_call\" WHERE time >= 5000000000",   // matches nothing
            "SELECT count(\"wait_s\") FROM \"queue_call\" WHERE time >= 0 AND time < 3000000000",
        ], None);

        Assert.Equal(3, answers.Count);
        Assert.Equal(["800", "801"], answers[0].Select(s => s.Tag("queue")));
        Assert.Equal(3.25, answers[0][1].Rows[0][answers[0][1].Column("sum")].GetDouble());
        Assert.Empty(answers[1]);
        Assert.Equal(2, Assert.Single(answers[2]).Rows[0][1].GetInt64());
        Assert.Empty(await Reader(database).QueryEachAsync([], None));
    }

    [Fact]
    public async Task AFailingStatementAmongSeveralFailsTheRequestWithInfluxDbsReason()
    {
        var database = $"reader_{Guid.NewGuid():N}";
        await influx.Server.QueryAsync(database, $"CREATE DATABASE {database}");

        var error = await Assert.ThrowsAsync<InfluxQueryException>(() => Reader(database).QueryEachAsync(
            ["SELECT \"wait_s\" FROM \"queue_call\" WHERE time >= 0", "SELECT \"wait_s\" FROM \"queue_call\" WHERE time >= 0 GROUP BY time(1h)"], None));

        Assert.Contains("refused a query", error.Message, StringComparison.Ordinal);
        Assert.Contains("aggregate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInfluxDbThatDoesNotAnswerIsAPlainErrorNamingTheAddress()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var reader = new InfluxQueryClient(new HttpClient(), Options(closed, o => o.RequestTimeout = TimeSpan.FromSeconds(5)), TimeProvider.System);

        var error = await Assert.ThrowsAsync<InfluxQueryException>(() => reader.QueryAsync("SELECT 1", None));

        Assert.Contains(closed.ToString().TrimEnd('/'), error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Theory]
    [InlineData(InfluxApiVersion.V2)]
    [InlineData(InfluxApiVersion.V3)]
    public async Task TheV2AndV3ApisAreNotReadAndTheErrorSaysWhereToRead(InfluxApiVersion version)
    {
        var reader = Reader("threecx", o => o.ApiVersion = version);

        var error = await Assert.ThrowsAsync<InfluxQueryException>(() => reader.QueryAsync("SELECT 1", None));

        Assert.Contains("docs/reconciliation.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswerCutShortByTheRowLimitIsAnErrorNotAnUndercount()
    {
        const string Body = """{"results":[{"statement_id":0,"series":[{"name":"queue_call","columns":["time","wait_s"],"values":[[1,2.5]],"partial":true}]}]}""";
        var error = Assert.Throws<InfluxQueryException>(() => InfluxQueryClient.Parse(Body, "database 'x'"));
        Assert.Contains("max-row-limit", error.Message, StringComparison.Ordinal);
    }
}
