using System.Globalization;
using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task AbandonedCallsListEachCallOnceWithItsWaitAndOneRowPerPolledAgent()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--history-days", "2");
        var client = new SimulatorClient(sim);
        var passages = await PassagesAsync(sim);
        var all = new List<JsonElement>();

        foreach (var queue in new[] { "800", "801", "802" })
        {
            var rows = (await client.GetJsonAsync(
                $"xapi/v1/ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData(periodFrom={From},periodTo={To},queueDns='{queue}',waitInterval='0:00:05')"))
                .GetProperty("value").EnumerateArray().ToList();
            var expected = passages.Where(p => p.Queue == queue && p.Outcome == "abandoned" && p.WaitSeconds >= 5).ToList();
            Assert.NotEmpty(expected);

            var calls = rows.Where(r => r.TryGetProperty("CallTime", out _)).ToList();
            Assert.Equal(expected.Select(p => p.Enter), calls.Select(r => SimulatorClient.Instant(r.GetProperty("CallTime"))));
            Assert.Equal(expected.Select(p => p.Wait), calls.Select(r => TimeSpan.FromTicks((long)Math.Round(SimulatorClient.Seconds(r.GetProperty("WaitTime")) * TimeSpan.TicksPerSecond))));
            Assert.All(rows, r => Assert.Equal(queue, r.GetProperty("QueueDn").GetString()));
            Assert.Equal(calls.Count, rows.Select(r => r.GetProperty("CallHistoryId").GetString()).Distinct().Count());
            all.AddRange(rows);
        }
        Assert.Contains(all, r => !r.TryGetProperty("CallTime", out _) && r.TryGetProperty("ExtensionDn", out _));   // a second polled agent
        Assert.Contains(all, r => r.TryGetProperty("CallTime", out _) && !r.TryGetProperty("ExtensionDn", out _));   // nobody rung
    }

    [Fact]
    public async Task AbandonedCallsNeedARealQueueDn()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await new SimulatorClient(sim).GetAsync(
            $"xapi/v1/ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData(periodFrom={From},periodTo={To},queueDns='',waitInterval='0:00:05')");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnsweredCallsByWaitTimeListEveryAnsweredPassageWithItsWaitAndAgent()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--history-days", "2");
        var client = new SimulatorClient(sim);
        var passages = await PassagesAsync(sim);

        var rows = (await client.GetJsonAsync(
            $"xapi/v1/ReportQueueAnsweredCallsByWaitTime/Pbx.GetQueueAnsweredCallsByWaitTimeData(queueDnStr='',startDt={From},endDt={To},answerInterval='0:00:0')"))
            .GetProperty("value").EnumerateArray().ToList();
        var slow = (await client.GetJsonAsync(
            $"xapi/v1/ReportQueueAnsweredCallsByWaitTime/Pbx.GetQueueAnsweredCallsByWaitTimeData(queueDnStr='801',startDt={From},endDt={To},answerInterval='0:00:30')"))
            .GetProperty("value").EnumerateArray().ToList();

        var answered = passages.Where(p => p.Outcome == "answered").ToList();
        Assert.Equal(answered.Count, rows.Count);
        foreach (var queue in new[] { "800", "801", "802" })
        {
            var expected = answered.Where(p => p.Queue == queue).ToList();
            var got = rows.Where(r => r.GetProperty("DnNumber").GetString() == queue).ToList();
            Assert.Equal(expected.Select(p => (p.Enter, p.Enter + p.Wait)),
                got.Select(r => (SimulatorClient.Instant(r.GetProperty("CallTime")), SimulatorClient.Instant(r.GetProperty("AnsweredTime")))));
            Assert.Equal(expected.Select(p => p.Agent), got.Select(r => r.GetProperty("Destination").GetString()!.Split('(', ')')[1]));
        }
        Assert.Equal(answered.Count(p => p.Queue == "801" && p.WaitSeconds >= 30), slow.Count);
    }

    [Fact]
    public async Task AReportOffsetMovesOneFieldOfOneQueueOnOneDayAndNothingElse()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--history-days", "2");
        var client = new SimulatorClient(sim);
        const string Day = "2026-11-22";
        string Totals(string from, string to) =>
            $"xapi/v1/ReportQueuePerformanceTotals/Pbx.GetQueuePerformanceTotalsData(periodFrom={from},periodTo={to},queueDns='',waitInterval='0:00:05')";
        string Abandoned(string queue) =>
            $"xapi/v1/ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData(periodFrom={Day}T00:00:00Z,periodTo={Day}T23:59:59.999999Z,queueDns='{queue}',waitInterval='0:00:05')";
        var dayTotals = Totals($"{Day}T00:00:00Z", $"{Day}T23:59:59.999999Z");
        var before = await client.GetJsonAsync(dayTotals);
        var abandonedBefore = await client.GetJsonAsync(Abandoned("801"));
        var twoDays = await client.GetJsonAsync(Totals("2026-11-21T12:00:00Z", To));

        await sim.SetFaultsAsync(new
        {
            reportOffsets = new object[]
            {
                new { function = "ReportQueuePerformanceTotals", field = "ExtensionAnsweredCount", queue = "801", day = Day, amount = -3 },
                new { function = "ReportAbandonedQueueCalls", field = "WaitTime", queue = "801", day = Day, amount = 2.5 },
                new { function = "ReportAbandonedQueueCalls", field = "calls", queue = "801", day = Day, amount = -1 },
            },
        });
        var after = await client.GetJsonAsync(dayTotals);
        var abandonedAfter = await client.GetJsonAsync(Abandoned("801"));

        int Answered(JsonElement body, string queue) => Count(body.GetProperty("value").EnumerateArray().Single(r => r.GetProperty("QueueDn").GetString() == queue), "ExtensionAnsweredCount");
        Assert.Equal(Answered(before, "801") - 3, Answered(after, "801"));
        Assert.Equal(Answered(before, "800"), Answered(after, "800"));
        Assert.Equal(twoDays.GetRawText(), (await client.GetJsonAsync(Totals("2026-11-21T12:00:00Z", To))).GetRawText());   // not within the day
        var callsBefore = abandonedBefore.GetProperty("value").EnumerateArray().Where(r => r.TryGetProperty("CallTime", out _)).ToList();
        var callsAfter = abandonedAfter.GetProperty("value").EnumerateArray().Where(r => r.TryGetProperty("CallTime", out _)).ToList();
        Assert.Equal(callsBefore.Count - 1, callsAfter.Count);
        Assert.Equal(SimulatorClient.Seconds(callsBefore[0].GetProperty("WaitTime")) + 2.5, SimulatorClient.Seconds(callsAfter[0].GetProperty("WaitTime")), 6);
        Assert.Contains("\"reportOffsets\"", await sim.Http.GetStringAsync("sim/faults"));

        await sim.ClearFaultsAsync();
        Assert.Equal(before.GetRawText(), (await client.GetJsonAsync(dayTotals)).GetRawText());
    }

    [Theory]
    [InlineData("{\"reportOffsets\":[{\"function\":\"ReportCallLogData\",\"field\":\"x\",\"queue\":\"800\",\"day\":\"2026-11-22\",\"amount\":1}]}", "'function' must be one of")]
    [InlineData("{\"reportOffsets\":[{\"function\":\"ReportStatisticSla\",\"field\":\"WaitTime\",\"queue\":\"800\",\"day\":\"2026-11-22\",\"amount\":1}]}", "'field' of ReportStatisticSla must be one of")]
    [InlineData("{\"reportOffsets\":[{\"function\":\"ReportStatisticSla\",\"field\":\"ReceivedCount\",\"queue\":\"800\",\"day\":\"22.11.2026\",\"amount\":1}]}", "'day' must be a date")]
    [InlineData("{\"reportOffsets\":[{\"function\":\"ReportStatisticSla\",\"field\":\"ReceivedCount\",\"queue\":\"800\",\"day\":\"2026-11-22\",\"amount\":1.5}]}", "must be a whole number")]
    public async Task BadReportOffsetsAreRefusedNamingTheMember(string body, string message)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await sim.Http.PostAsync("sim/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The passages of finished calls that entered a queue in [<see cref="From"/>, <see cref="To"/>].</summary>
    static async Task<List<TruthPassage>> PassagesAsync(SimulatorHost sim)
    {
        var (from, to) = (DateTimeOffset.Parse(From, CultureInfo.InvariantCulture), DateTimeOffset.Parse(To, CultureInfo.InvariantCulture));
        return (await SimulatorTruth.FinishedCallsAsync(sim, DateTimeOffset.Parse("2026-11-21T00:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse(SimulatorClient.Start, CultureInfo.InvariantCulture)))
            .SelectMany(c => c.Passages)
            .Where(p => p.Enter >= from && p.Enter <= to)
            .OrderBy(p => p.Enter)
            .ToList();
    }

    /// <summary>Zero counts are omitted from report rows.</summary>
    static int Count(System.Text.Json.JsonElement row, string name) => row.TryGetProperty(name, out var v) ? v.GetInt32() : 0;
}
