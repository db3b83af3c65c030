using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

/// <summary>Call-log paging against the simulator over real HTTP.</summary>
public class SimulatorPagingTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse(SimulatorXapi.Start, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PagingReadsEveryRowExactlyOnceWhenRowsArriveMidPaging()
    {
        await using var x = await SimulatorXapi.StartAsync(o => (o.PageSize, o.PageOverlap) = (250, 10), "--calls-per-hour", "200");
        // The window runs into the future: while we page, the clock moves and calls end, so rows appear both in
        // front (new calls) and behind (long calls that started earlier end now) the rows already read.
        var query = new CallLogQuery(Now.AddHours(-24), Now.AddHours(2));
        var before = (await x.RawCallLogAsync(query.PeriodFrom, query.PeriodTo)).Select(r => r.GetProperty("CdrId").GetString()!).ToList();
        x.Traffic.BeforeCallLogPage = async page =>
        {
            if (page > 1) await x.Sim.AdvanceClockAsync(TimeSpan.FromMinutes(3));
        };

        var read = await x.ReadAllAsync(query);

        var after = (await x.RawCallLogAsync(query.PeriodFrom, query.PeriodTo)).ToList();
        var readIds = read.Select(r => r.CdrId!).ToList();
        Assert.True(before.Count > 2000, $"only {before.Count} rows at the start");
        Assert.True(x.Traffic.CallLogPages > 10, $"only {x.Traffic.CallLogPages} pages");
        Assert.Equal(readIds.Count, readIds.Distinct().Count());          // nothing read twice...
        Assert.Empty(before.Except(readIds));                              // ...nothing that was there missed...
        Assert.Empty(readIds.Except(after.Select(r => r.GetProperty("CdrId").GetString())));  // ...nothing invented.

        // The scenario really shifted rows under the pager, and the overlap/dedupe really had work to do.
        var newRows = after.Where(r => !before.Contains(r.GetProperty("CdrId").GetString()!)).ToList();
        var oldest = read.Min(r => r.StartTime);
        Assert.Contains(newRows, r => r.GetProperty("StartTime").GetDateTimeOffset() < Now);
        Assert.True(x.Traffic.CallLogRowsServed > readIds.Count, "no page overlapped another");
        Assert.Equal(query.PeriodFrom, oldest!.Value, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task AFrozenWindowIsReadCompletelyInServerOrder()
    {
        await using var x = await SimulatorXapi.StartAsync(o => (o.PageSize, o.PageOverlap) = (300, 25));
        var query = new CallLogQuery(Now.AddHours(-24), Now);

        var read = await x.ReadAllAsync(query);

        var raw = await x.RawCallLogAsync(query.PeriodFrom, query.PeriodTo);
        Assert.Equal(raw.Select(r => r.GetProperty("CdrId").GetString()), read.Select(r => r.CdrId));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.StartTime >= p.Second.StartTime), "not newest-first");
    }

    [Fact]
    public async Task RowsWithoutCdrIdFromOldBuildsAreDedupedOnTheirContent()
    {
        await using var x = await SimulatorXapi.StartAsync(o => (o.PageSize, o.PageOverlap) = (200, 20));
        await x.Sim.SetFaultsAsync(new { legacyFields = true });
        var query = new CallLogQuery(Now.AddHours(-12), Now);

        var read = await x.ReadAllAsync(query);

        var raw = await x.RawCallLogAsync(query.PeriodFrom, query.PeriodTo);
        Assert.All(read, r => Assert.Null(r.CdrId));
        Assert.All(read, r => Assert.Null(r.MainCallHistoryId));
        Assert.Equal(raw.Count, read.Count);
        Assert.Equal(read.Count, read.Select(CallLogRowKey.For).Distinct().Count());
        Assert.True(x.Traffic.CallLogRowsServed > read.Count, "the overlap was not exercised");
        Assert.Equal("20.0.5.461", await x.Client.GetVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task APageSizeOverThePbxCapIsLoweredToTheCapOnceAndForAll()
    {
        await using var x = await SimulatorXapi.StartAsync(o => o.PageSize = 500);
        var query = new CallLogQuery(Now.AddHours(-6), Now);
        var rawFirst = await x.RawCallLogAsync(query.PeriodFrom, query.PeriodTo);
        var rawSecond = await x.RawCallLogAsync(Now.AddHours(-3), Now);
        await x.Sim.SetFaultsAsync(new { topCap = 100 });

        var first = await x.ReadAllAsync(query);
        var second = await x.ReadAllAsync(query with { PeriodFrom = Now.AddHours(-3) });

        Assert.True(rawFirst.Count > 300, $"only {rawFirst.Count} rows");
        Assert.Equal(rawFirst.Count, first.Count);
        Assert.Equal(rawSecond.Count, second.Count);
        var tops = x.Traffic.Requests.Where(r => r.Path == "calllog").Select(r => r.Query.Split('&')[0]).ToList();
        Assert.Equal("?$top=500", tops[0]);
        Assert.All(tops.Skip(1), t => Assert.Equal("?$top=100", t));
        Assert.Single(x.Warnings, w => w.Contains("caps call-log pages at 100 rows"));
    }

    [Fact]
    public async Task TokensExpiringMidPagingAreReplacedAndNoRowIsLost()
    {
        await using var x = await SimulatorXapi.StartAsync(o => (o.PageSize, o.PageOverlap) = (200, 10));
        await x.Sim.SetFaultsAsync(new { tokenLifetimeSeconds = 90 });
        var query = new CallLogQuery(Now.AddHours(-24), Now);
        var raw = await x.RawCallLogAsync(query.PeriodFrom, query.PeriodTo);
        // Our clock barely moves, the PBX's jumps: its tokens expire under us (and every 4th page all are revoked).
        x.Traffic.BeforeCallLogPage = async page =>
        {
            if (page % 3 == 0) await x.Sim.AdvanceClockAsync(TimeSpan.FromMinutes(2));
            if (page % 4 == 0) await x.Sim.SetFaultsAsync(new { revokeTokens = true });
        };

        var read = await x.ReadAllAsync(query);

        Assert.Equal(raw.Select(r => r.GetProperty("CdrId").GetString()).Order(), read.Select(r => r.CdrId).Order());
        Assert.True(x.Traffic.Count("/connect/token") > 3, $"only {x.Traffic.Count("/connect/token")} tokens");
        Assert.Contains(401, x.Traffic.Statuses);
    }

    [Fact]
    public async Task AServerThatIgnoresSkipStopsTheCallLogReadAfterTheRepeatedPageWithAClearError()
    {
        await using var x = await SimulatorXapi.StartAsync(o => (o.PageSize, o.PageOverlap) = (100, 10));
        await x.Sim.SetFaultsAsync(new { ignoreSkip = true });
        var query = new CallLogQuery(Now.AddHours(-12), Now);

        var error = await Assert.ThrowsAsync<XapiException>(() => x.ReadAllAsync(query));

        Assert.Equal(XapiFailureKind.MalformedResponse, error.Kind);
        Assert.Contains("ignores $skip", error.Message);
        Assert.Contains("the page at $skip=90 is the same as the page at $skip=0", error.Message);
        Assert.Equal(2, x.Traffic.CallLogPages);   // the first page, its repeat, and no more
    }

    [Fact]
    public async Task AServerThatIgnoresSkipStopsAReportReadAfterTheRepeatedPage()
    {
        await using var x = await SimulatorXapi.StartAsync(o => o.PageSize = 20);
        await x.Sim.SetFaultsAsync(new { ignoreSkip = true });

        var error = await Assert.ThrowsAsync<XapiException>(() => x.Client.GetQueueAnsweredCallsByWaitTimeAsync(
            Now.AddHours(-12), Now, "800", TimeSpan.Zero, CancellationToken.None));

        Assert.Contains("ignores $skip", error.Message);
        Assert.Equal(2, x.Traffic.Requests.Count(r => r.Path.Contains("ReportQueueAnsweredCallsByWaitTime", StringComparison.Ordinal)));
    }
}
