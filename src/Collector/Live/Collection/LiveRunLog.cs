using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.Live.Collection;

/// <summary>
/// Keeps a PBX's failing snapshots to one log line per kind of failure: the first failed run logs a warning that says
/// what failed and that the job keeps trying; further runs failing the same way log at debug level; the first run
/// that succeeds again logs how many runs failed and for how long.
/// </summary>
sealed partial class LiveRunLog(string pbx, TimeSpan interval, ILogger logger)
{
    int _failedRuns;
    DateTimeOffset _failingSince;
    string? _lastKind;

    public void Failed(XapiException error, DateTimeOffset at)
    {
        var kind = error.Kind.ToString();
        if (_failedRuns++ == 0) _failingSince = at;
        if (kind == _lastKind)
        {
            LogStillFailing(logger, pbx, kind, _failedRuns);
            return;
        }
        _lastKind = kind;
        LogFailed(logger, pbx, error.Message, kind, error.Endpoint, error.StatusCode is { } status ? $"HTTP {status}" : "no HTTP answer", interval);
    }

    public void Crashed(Exception error, DateTimeOffset at)
    {
        if (_failedRuns++ == 0) _failingSince = at;
        _lastKind = "Internal";
        LogCrashed(logger, error, pbx);
    }

    public void Succeeded(DateTimeOffset at)
    {
        if (_failedRuns == 0) return;
        LogRecovered(logger, pbx, _failedRuns, at - _failingSince);
        _failedRuns = 0;
        _lastKind = null;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Live snapshot of PBX {Pbx} failed: {Reason} ({Kind} on {Endpoint}, {Status}); the job tries again every {Interval} and says when it works again; `collector check` says what to fix")]
    static partial void LogFailed(ILogger logger, string pbx, string reason, string kind, string endpoint, string status, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live snapshot of PBX {Pbx} failed again ({Kind}), {FailedRuns} runs in a row")]
    static partial void LogStillFailing(ILogger logger, string pbx, string kind, int failedRuns);

    [LoggerMessage(Level = LogLevel.Error, Message = "Live snapshot of PBX {Pbx} failed unexpectedly; the job tries again at the next run")]
    static partial void LogCrashed(ILogger logger, Exception exception, string pbx);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live snapshot of PBX {Pbx} works again after {FailedRuns} failed runs ({Downtime})")]
    static partial void LogRecovered(ILogger logger, string pbx, int failedRuns, TimeSpan downtime);
}
