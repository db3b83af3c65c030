using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// An InfluxDB writer that keeps the lines it acknowledged (in order) and can be told to fail, for the unit tests
/// that check what is written and when the watermark may move. Real InfluxDB is in the end-to-end tests.
/// </summary>
sealed class RecordingWriter : IInfluxWriter
{
    public List<string> Lines { get; } = [];

    /// <summary>When true, every write fails as InfluxDB being down.</summary>
    public bool Down { get; set; }

    /// <summary>When set, the write with this number (1 = the first) and every later one fail.</summary>
    public int? FailFromWrite { get; set; }

    public int Writes { get; private set; }

    /// <summary>Called after each acknowledged write with its number (1 = the first), e.g. to let another instance act meanwhile.</summary>
    public Action<int>? AfterWrite { get; set; }

    public InfluxWriterCounters Counters { get; } = new();

    public Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Writes++;
        if (Down || Writes >= FailFromWrite)
            throw new InfluxWriteException(InfluxWriteFailureKind.Unavailable, "InfluxDB is down (test).");
        for (var i = 0; i < lines.Count; i++)
            Lines.Add(lines.LineText(i));
        AfterWrite?.Invoke(Writes);
        return Task.FromResult(new InfluxWriteResult(lines.Count, 0, 1));
    }

    /// <summary>The same as <see cref="WriteAsync"/>: this writer never retries.</summary>
    public Task<InfluxWriteResult> WriteWithoutRetryAsync(LineBatch lines, CancellationToken cancellationToken) => WriteAsync(lines, cancellationToken);

    /// <summary>The call_id of every <c>call</c> point written, in order (repeats when a call was rewritten).</summary>
    public List<string> CallIds => [.. Lines.Where(l => l.StartsWith("call,", StringComparison.Ordinal)).Select(CallId)];

    static string CallId(string line)
    {
        var at = line.IndexOf("call_id=\"", StringComparison.Ordinal) + "call_id=\"".Length;
        return line[at..line.IndexOf('"', at)];
    }
}
