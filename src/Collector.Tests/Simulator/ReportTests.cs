using System.Globalization;
using System.Net;
using Collector.Testing.Truth;

namespace Collector.Tests.Simulator;

/// <summary>The report functions count the same passages as the ground truth (finished calls, queue entry in the period).</summary>
public sealed class ReportTests
{
    const string From = "2026-11-22T06:00:00Z";
    const string To = "2026-11-23T09:00:00Z";

    [Fact]
    public async Task QueuePerformanceTotalsAndStatisticSlaMatchTheTruth()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--history-days", "2");
        var client = new SimulatorClient(sim);
        var (from, to) = (DateTimeOffset.Parse(From, CultureInfo.InvariantCulture), DateTimeOffset.Parse(To, CultureInfo.InvariantCulture));
        var passages = (await SimulatorTruth.FinishedCallsAsync(sim, DateTimeOffset.Parse("2026-11-21T00:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse(SimulatorClient.Start, CultureInfo.InvariantCulture)))
            .SelectMany(c => c.Passages)
            .Where(p => p.Enter >= from && p.Enter <= to)
            .ToList();

        var totals = (await client.GetJsonAsync(
            $"xapi/v1/ReportQueuePerformanceTotals/Pbx.GetQueuePerformanceTotalsData(periodFrom={From},periodTo={To},queueDns='',waitInterval='0:00:05')"))
            .GetProperty("value").EnumerateArray().ToList();
        var sla = (await client.GetJsonAsync(
            $"xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(queueDnStr='',startDt={From},endDt={To},waitInterval='0:00:20')"))
            .GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(3, totals.Count);

        foreach (var row in totals)
        {
            var queue = passages.Where(p => p.Queue == row.GetProperty("QueueDn").GetString()).ToList();
            var truth = TruthKpis.Of(queue, KpiRules.Defaults);   // short abandons: wait < 5 s, as waitInterval above
            Assert.Equal(truth.Offered, Count(row, "QueueReceivedCount"));
            Assert.Equal(truth.Answered, Count(row, "ExtensionAnsweredCount"));
            Assert.Equal(truth.Abandoned, Count(row, "ExtensionDroppedCount"));

            var slaRow = sla.Single(s => s.GetProperty("QueueDnNumber").GetString() == row.GetProperty("QueueDn").GetString());
            Assert.Equal(queue.Count, Count(slaRow, "ReceivedCount"));
            Assert.Equal(queue.Count(p => p.Outcome != "overflow" && p.WaitSeconds > 20),
                Count(slaRow, "BadSlaCallsCount"));
        }
    }

    [Fact]
    public async Task ReportsFilterByQueueAndRefuseMisorderedParameters()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var one = await client.GetJsonAsync(
            $"xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(queueDnStr='801',startDt={From},endDt={To},waitInterval='0:00:20')");
        Assert.Equal("801", Assert.Single(one.GetProperty("value").EnumerateArray()).GetProperty("QueueDnNumber").GetString());
        using var misordered = await client.GetAsync(
            $"xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(startDt={From},queueDnStr='801',endDt={To},waitInterval='0:00:20')");
        Assert.Equal(HttpStatusCode.NotFound, misordered.StatusCode);
        using var unquotedNull = await client.GetAsync(
            $"xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(queueDnStr=null,startDt={From},endDt={To},waitInterval='0:00:20')");
        Assert.Equal(HttpStatusCode.BadRequest, unquotedNull.StatusCode);
        Assert.Contains("The queueDnStr field is required.", await unquotedNull.Content.ReadAsStringAsync());
    }

    /// <summary>Zero counts are omitted from report rows.</summary>
    static int Count(System.Text.Json.JsonElement row, string name) => row.TryGetProperty(name, out var v) ? v.GetInt32() : 0;
}
