using System.Collections.Concurrent;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>
/// Reads <c>ActiveCalls</c> into <see cref="InProgressCalls"/>. When it cannot be read (no licence for it, a
/// fault), the sync goes on with the InProgressHorizon fallback: this warns once per PBX until it can be read again.
/// </summary>
internal sealed partial class InProgressCallsReader(TimeProvider time, ILogger<InProgressCallsReader> logger)
{
    readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);

    public async Task<InProgressCalls> ReadAsync(string pbx, IXapiClient client, CancellationToken cancellationToken)
    {
        ActiveCallsAnswer answer;
        try
        {
            answer = await client.GetActiveCallsAnswerAsync(cancellationToken);
        }
        catch (XapiException ex)
        {
            if (_failing.TryAdd(pbx, true))
                LogUnreadable(logger, pbx, ex.Message);
            return InProgressCalls.Unknown(time.GetUtcNow());
        }

        if (_failing.TryRemove(pbx, out _))
            LogReadableAgain(logger, pbx);
        return Summarise(answer.Calls, answer.ServerDate, time.GetUtcNow()) with { Calls = StartsOf(answer.Calls) };
    }

    /// <summary>Each call in progress by its identity (<see cref="InProgressCalls.IdentityOf"/>) with its start, as <see cref="Summarise"/> takes it.</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> StartsOf(IReadOnlyList<ActiveCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var starts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            var start = call.EstablishedAt ?? call.LastChangeStatus ?? DateTimeOffset.MinValue;
            starts.TryAdd(InProgressCalls.IdentityOf(call.Id, start, call.Caller), start);
        }
        return starts;
    }

    /// <summary>
    /// The PBX's clock (the latest <c>ServerNow</c> of the calls, else the answer's <c>Date</c> header
    /// <paramref name="serverDate"/>, else <paramref name="localNow"/>) and the earliest start among <paramref name="calls"/>;
    /// a call without any time counts as very old.
    /// </summary>
    public static InProgressCalls Summarise(IReadOnlyList<ActiveCall> calls, DateTimeOffset? serverDate, DateTimeOffset localNow)
    {
        ArgumentNullException.ThrowIfNull(calls);
        DateTimeOffset? serverNow = null, earliest = null;
        foreach (var call in calls)
        {
            if (call.ServerNow is { } server && (serverNow is null || server > serverNow))
                serverNow = server;
            var start = call.EstablishedAt ?? call.LastChangeStatus ?? DateTimeOffset.MinValue;
            if (earliest is null || start < earliest)
                earliest = start;
        }
        var (now, clock) = serverNow is { } latest ? (latest, PbxClockSource.ServerNow)
            : serverDate is { } date ? (date, PbxClockSource.DateHeader)
            : (localNow, PbxClockSource.LocalClock);
        return new InProgressCalls(now, true, earliest, calls.Count, clock, localNow);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PBX {Pbx}: ActiveCalls cannot be read ({Reason}); the call-log watermark stays CallLog:InProgressHorizon behind now, so calls longer than that may be missed")]
    static partial void LogUnreadable(ILogger logger, string pbx, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: ActiveCalls can be read again")]
    static partial void LogReadableAgain(ILogger logger, string pbx);
}
