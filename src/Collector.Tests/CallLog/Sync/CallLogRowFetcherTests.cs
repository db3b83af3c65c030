using Collector.CallLog.Sync;
using Collector.Tests.Influx;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.CallLog.Sync;

public class CallLogRowFetcherTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AReadThatReachesTheRowCapIsReadAgainInHalvesAndEveryRowComesOnce()
    {
        var pbx = new FakeXapiClient();
        for (var i = 0; i < 10; i++)
            pbx.Call($"c{i}", T0.AddMinutes(6 * i));
        var logger = new FakeLogger<CallLogRowFetcherTests>();

        var rows = await new CallLogRowFetcher(4, logger).FetchAsync("hq", pbx, new RowRange(T0, T0.AddHours(1)), CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"c{i}-leg0"), rows.Select(r => r.CdrId!).Order(StringComparer.Ordinal));
        Assert.True(pbx.Reads.Count > 1);
        Assert.Contains(logger.Collector.GetSnapshot(), e => e.Message.Contains("reading it again in halves", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReadBelowTheCapIsOneRequest()
    {
        var pbx = new FakeXapiClient().Call("a", T0).Call("b", T0.AddMinutes(1));

        var rows = await new CallLogRowFetcher(3, new FakeLogger<CallLogRowFetcherTests>()).FetchAsync("hq", pbx, new RowRange(T0, T0.AddHours(1)), CancellationToken.None);

        Assert.Equal(2, rows.Count);
        Assert.Single(pbx.Reads);
    }

    [Fact]
    public async Task ACapReachedWithinOneSecondIsAClearError()
    {
        var pbx = new FakeXapiClient();
        for (var i = 0; i < 5; i++)
            pbx.Call($"c{i}", T0);

        var error = await Assert.ThrowsAsync<CallLogCapException>(() =>
            new CallLogRowFetcher(3, new FakeLogger<CallLogRowFetcherTests>()).FetchAsync("hq", pbx, new RowRange(T0, T0.AddMinutes(1)), CancellationToken.None));

        Assert.Contains("CallLog:ReportRowLimit (3)", error.Message, StringComparison.Ordinal);
    }
}
