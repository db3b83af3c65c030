using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.Influx;

/// <summary>Shared set-up for writer tests: options pointing at a stub, lines, a writer without jitter.</summary>
static class WriterTestKit
{
    /// <summary>Request timeout in unit tests: long enough never to fire unless a test means it to.</summary>
    public static readonly TimeSpan NeverTimesOut = TimeSpan.FromHours(1);

    public static InfluxOptions Options(Uri url, Action<InfluxOptions>? change = null)
    {
        var options = new InfluxOptions { Url = url, RequestTimeout = NeverTimesOut };
        change?.Invoke(options);
        return options;
    }

    /// <param name="jitter">Polly's jitter source; none by default, so that the waits double exactly.</param>
    public static InfluxWriter Writer(InfluxOptions options, TimeProvider? time = null, FakeLogger<InfluxWriter>? logger = null, Func<double>? jitter = null) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options, time ?? TimeProvider.System, logger ?? new FakeLogger<InfluxWriter>(), jitter);

    public static LineBatch Lines(int count, Func<int, string>? line = null) =>
        LineBatch.Parse(string.Join('\n', Enumerable.Range(1, count).Select(line ?? (i => $"m,n={i} v={i}i {i}"))));
}
