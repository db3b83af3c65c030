using System.Collections.Concurrent;

namespace Collector.CallLog.Normalisation;

/// <summary>The call-log fields whose values the normaliser interprets.</summary>
internal enum CallLogField
{
    Direction,
    CallType,
    Status,
}

/// <summary>
/// Counts the values of <c>Direction</c>, <c>CallType</c> and <c>Status</c> the normaliser does not know, per field and
/// value, for the life of the process. Thread-safe. An absent field (null) is not an unknown value: builds before
/// 20.0.6 lack all three, and that case has rules of its own.
/// </summary>
internal sealed class UnknownValueCounters
{
    readonly ConcurrentDictionary<(CallLogField Field, string Value), long> _counts = new();

    /// <summary>Rows seen, per unknown value of <paramref name="field"/> (a snapshot).</summary>
    public IReadOnlyDictionary<string, long> For(CallLogField field) =>
        _counts.Where(e => e.Key.Field == field).ToDictionary(e => e.Key.Value, e => e.Value, StringComparer.Ordinal);

    /// <summary>Rows seen with an unknown <c>Direction</c>, per value.</summary>
    public IReadOnlyDictionary<string, long> Directions => For(CallLogField.Direction);

    /// <summary>Rows seen with an unknown <c>CallType</c>, per value.</summary>
    public IReadOnlyDictionary<string, long> CallTypes => For(CallLogField.CallType);

    /// <summary>Rows seen with an unknown <c>Status</c>, per value.</summary>
    public IReadOnlyDictionary<string, long> Statuses => For(CallLogField.Status);

    /// <summary>Unknown values seen, all fields together (a row with two unknown fields counts twice).</summary>
    public long Total => Interlocked.Read(ref _total);

    long _total;

    long _callsWithoutStartTime;

    /// <summary>Calls dropped because none of their rows had a StartTime (they cannot be placed in time).</summary>
    public long CallsWithoutStartTime => Interlocked.Read(ref _callsWithoutStartTime);

    /// <summary>Counts one dropped call; true the first time (time to log it).</summary>
    internal bool CountCallWithoutStartTime() => Interlocked.Increment(ref _callsWithoutStartTime) == 1;

    long _implausibleLegStarts;

    /// <summary>Legs whose StartTime was implausible (before 2000), ignored for placing their call in time.</summary>
    public long ImplausibleLegStarts => Interlocked.Read(ref _implausibleLegStarts);

    /// <summary>Counts <paramref name="legs"/> such legs.</summary>
    internal void CountImplausibleLegStarts(int legs) => Interlocked.Add(ref _implausibleLegStarts, legs);

    /// <summary>Counts one sighting; true the first time this value of this field is seen (time to log it).</summary>
    internal bool Count(CallLogField field, string value)
    {
        Interlocked.Increment(ref _total);
        return _counts.AddOrUpdate((field, value), 1, (_, n) => n + 1) == 1;
    }
}
