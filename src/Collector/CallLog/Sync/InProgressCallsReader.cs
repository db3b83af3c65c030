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
        IReadOnlyList<ActiveCall> calls;
        try
        {
            calls = await client.GetActiveCallsAsync(cancellationToken);
        }
        catch (XapiException ex)
        {
            if (_failing.TryAdd(pbx, true))
                LogUnreadable(logger, pbx, ex.Message);
            return InProgressCalls.Unknown(time.GetUtcNow());
        }

        if (_failing.TryRemove(pbx, out _))
            LogReadableAgain(logger, pbx);
        return Summarise(calls, time.GetUtcNow());
    }

    /// <summary>The PBX's clock and the earliest start among <paramref name="calls"/>; a call without any time counts as very old.</summary>
    public static InProgressCalls Summarise(IReadOnlyList<ActiveCall> calls, DateTimeOffset localNow)
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
        return new InProgressCalls(serverNow ?? localNow, true, earliest, calls.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PBX {Pbx}: ActiveCalls cannot be read ({Reason}); the call-log watermark stays CallLog:InProgressHorizon behind now, so calls longer than that may be missed")]
    static partial void LogUnreadable(ILogger logger, string pbx, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: ActiveCalls can be read again")]
    static partial void LogReadableAgain(ILogger logger, string pbx);
}
