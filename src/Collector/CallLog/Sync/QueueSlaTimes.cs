using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>
/// One PBX's SLATime per queue (3CX <c>Queues</c>: <c>Number</c> → <c>SLATime</c>, integer seconds, 0 = not set), for the
/// call log's service-level thresholds (<see cref="Normalisation.SlaThresholds"/>). Read through the PBX's XAPI client when
/// first needed and again after <see cref="TimeToLive"/> (SLATime is configuration: it rarely changes). When
/// <c>Queues</c> cannot be read, the SLATimes last read stay in use; without any, none (so the configured overrides and
/// <c>Sla:ThresholdSeconds</c> apply); a warning says so once, and the read is tried again after
/// <see cref="RetryAfterFailure"/>. Thread-safe.
/// </summary>
internal sealed partial class QueueSlaTimes(string pbx, IXapiClient client, TimeProvider time, ILogger logger)
{
    /// <summary>How long SLATimes read are used before they are read again.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(10);

    /// <summary>How long after a failed read the next one is tried.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    static readonly IReadOnlyDictionary<string, int> None = new Dictionary<string, int>(StringComparer.Ordinal);

    readonly SemaphoreSlim _gate = new(1, 1);
    IReadOnlyDictionary<string, int>? _slaTimes;
    DateTimeOffset _nextRead = DateTimeOffset.MinValue;
    bool _failing;

    /// <summary>SLATime per queue DN (only queues with one set); empty when <c>Queues</c> has never been read.</summary>
    public async Task<IReadOnlyDictionary<string, int>> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (now < _nextRead)
                return _slaTimes ?? None;
            try
            {
                _slaTimes = Map(await client.GetQueuesAsync(cancellationToken));
                _nextRead = now + TimeToLive;
                if (_failing)
                {
                    _failing = false;
                    LogReadAgain(logger, pbx, _slaTimes.Count);
                }
            }
            catch (XapiException failure)
            {
                _nextRead = now + RetryAfterFailure;
                if (!_failing)
                {
                    _failing = true;
                    LogCannotRead(logger, pbx, failure.Message, _slaTimes is null ? "Sla:Queues overrides and Sla:ThresholdSeconds" : "the SLATimes read before");
                }
            }

            return _slaTimes ?? None;
        }
        finally
        {
            _gate.Release();
        }
    }

    static Dictionary<string, int> Map(IReadOnlyList<XapiQueue> queues)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in queues)
            if (!string.IsNullOrWhiteSpace(queue.Number) && queue.SlaTime is > 0)
                map[queue.Number.Trim()] = queue.SlaTime.Value;
        return map;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PBX {Pbx}: cannot read Queues for the queues' SLATime ({Reason}); service levels use {Fallback} until it can be read (logged once)")]
    static partial void LogCannotRead(ILogger logger, string pbx, string reason, string fallback);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: Queues read again; {Queues} queues have an SLATime")]
    static partial void LogReadAgain(ILogger logger, string pbx, int queues);
}
