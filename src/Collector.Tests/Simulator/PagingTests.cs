using System.Text.Json;

namespace Collector.Tests.Simulator;

public sealed class PagingTests
{
    const string From = "2026-11-22T00:00:00Z";

    [Fact]
    public async Task PagesWithTopAndSkipReadEveryRowOnceNewestFirstAndCountTellsTheTotal()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var all = await client.GetJsonAsync(SimulatorClient.CallLogUrl(From, SimulatorClient.Start, "?$count=true"));
        var total = all.GetProperty("@odata.count").GetInt32();
        var rows = all.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(total, rows.Count);
        Assert.True(total > 500);

        var paged = await client.AllCallLogRowsAsync(From, SimulatorClient.Start, pageSize: 97);
        Assert.Equal(rows.Select(Id), paged.Select(Id));
        var starts = rows.Select(r => SimulatorClient.Instant(r.GetProperty("StartTime"))).ToList();
        Assert.Equal(starts.OrderByDescending(s => s), starts);

        var page = await client.GetJsonAsync(SimulatorClient.CallLogUrl(From, SimulatorClient.Start, "?$top=10&$skip=20&$count=true"));
        Assert.Equal(total, page.GetProperty("@odata.count").GetInt32());
        Assert.Equal(rows.Skip(20).Take(10).Select(Id), page.GetProperty("value").EnumerateArray().Select(Id));
    }

    [Fact]
    public async Task OrderByStartTimeAscendingIsTheReverseOfTheDefault()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var desc = await client.GetJsonAsync(SimulatorClient.CallLogUrl(From, SimulatorClient.Start, "?$orderby=StartTime desc"));
        var asc = await client.GetJsonAsync(SimulatorClient.CallLogUrl(From, SimulatorClient.Start, "?$orderby=StartTime%20asc&$top=50"));
        Assert.Equal(desc.GetProperty("value").EnumerateArray().Select(Id).Reverse().Take(50), asc.GetProperty("value").EnumerateArray().Select(Id));
    }

    [Fact]
    public async Task ThePeriodFilterKeepsRowsWhoseStartTimeIsInsideBothBoundsIncluded()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var rows = await client.AllCallLogRowsAsync(From, SimulatorClient.Start);
        var pivot = rows[rows.Count / 2].GetProperty("StartTime").GetString()!;
        var upTo = await client.AllCallLogRowsAsync(From, pivot);
        var from = await client.AllCallLogRowsAsync(pivot, SimulatorClient.Start);
        Assert.Equal(pivot, upTo[0].GetProperty("StartTime").GetString());
        Assert.Equal(pivot, from[^1].GetProperty("StartTime").GetString());
        Assert.Equal(rows.Count + 1, upTo.Count + from.Count);
    }

    [Fact]
    public async Task RowsOfCallsThatEndWhileTheClockRunsAppearInsideEarlierPages()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var before = (await client.AllCallLogRowsAsync(From, "2026-11-23T12:00:00Z")).Select(Id).ToHashSet();
        await sim.AdvanceClockAsync(TimeSpan.FromMinutes(30));
        await client.TokenAsync(); // the old one expired on the simulated clock
        var after = await client.AllCallLogRowsAsync(From, "2026-11-23T12:00:00Z");
        var added = after.Where(r => !before.Contains(Id(r))).ToList();
        Assert.NotEmpty(added);
        // Calls that were live at 10:00 started before it: their rows are older than rows already served.
        Assert.Contains(added, r => SimulatorClient.Instant(r.GetProperty("StartTime")) < DateTimeOffset.Parse(SimulatorClient.Start, System.Globalization.CultureInfo.InvariantCulture));
    }

    static string Id(JsonElement row) => row.GetProperty("CdrId").GetString()!;
}
