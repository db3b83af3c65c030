using System.Globalization;

namespace Collector.CallLog.Sync;

/// <summary>
/// A half-open interval <c>[Start, End)</c> of call START times: the calls a window emits are exactly those whose
/// first row starts in it (see docs/call-log-sync.md, "Windows").
/// </summary>
internal readonly record struct CallWindow
{
    public CallWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
            throw new ArgumentException($"A window cannot end ({end:O}) before it starts ({start:O}).", nameof(end));
        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Length => End - Start;

    /// <summary>Whether a call that started at <paramref name="callStart"/> belongs to this window.</summary>
    public bool Contains(DateTimeOffset callStart) => callStart >= Start && callStart < End;

    /// <summary>
    /// The rows to read for this window, both ends inclusive: from <c>Start − maxCallSpan</c> (so a call that began
    /// earlier is recognised by its first row and skipped) to <c>End + maxCallSpan</c> (so every call that starts
    /// in the window is read whole), but never past <paramref name="readUpTo"/> (rows after "now" do not exist yet).
    /// </summary>
    public RowRange RowsToRead(TimeSpan maxCallSpan, DateTimeOffset readUpTo)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCallSpan, TimeSpan.Zero);
        var to = End + maxCallSpan;
        if (to > readUpTo) to = readUpTo < End ? End : readUpTo;
        return new RowRange(Start - maxCallSpan, to);
    }

    /// <summary>
    /// Consecutive windows of <paramref name="size"/> from <paramref name="from"/> up to <paramref name="to"/>; the last
    /// is shorter when the span does not divide evenly. None when <paramref name="to"/> is not after <paramref name="from"/>.
    /// </summary>
    public static IEnumerable<CallWindow> Split(DateTimeOffset from, DateTimeOffset to, TimeSpan size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero);
        for (var start = from; start < to;)
        {
            var end = to - start > size ? start + size : to;
            yield return new CallWindow(start, end);
            start = end;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Start:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}, {End:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ})");
}

/// <summary>A span of call-log row StartTimes to read, both ends inclusive (as <c>GetCallLogData</c>'s period).</summary>
internal readonly record struct RowRange(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <summary>Two halves that share the middle instant (rows read twice there are deduplicated).</summary>
    public (RowRange First, RowRange Second) Halve()
    {
        var middle = From + TimeSpan.FromTicks((To - From).Ticks / 2);
        return (new RowRange(From, middle), new RowRange(middle, To));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{From:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}, {To:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}]");
}
