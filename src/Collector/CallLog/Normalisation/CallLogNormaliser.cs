using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// Turns call-log rows (<c>Pbx.GetCallLogData</c>) into logical calls with their queue passages and agent legs.
/// Every rule is documented on the class that applies it and in docs/normalisation.md:
/// grouping here, row reading in <see cref="RowReader"/>, the call in <see cref="CallAssembler"/>, passages in
/// <see cref="PassageBuilder"/>, agent legs in <see cref="AgentLegBuilder"/>, KPI flags in <see cref="PassageKpi"/>.
/// Stateless apart from its logger and <see cref="Unknown"/>; thread-safe.
/// </summary>
/// <remarks>
/// <b>Grouping key</b>: MainCallHistoryId (shared by all legs of a call), else CallHistoryId, else CdrId, else the row's
/// stable hash (<see cref="CallLogRowKey"/>, <c>h:</c> + 32 hex digits). Builds before 20.0.6 send none of these ids (and
/// no Direction, CallType or Status): then every row is a call of its own, its direction is guessed from its numbers
/// and its outcome is answered or unanswered from its Answered flag. Not derivable then: which rows make up one call,
/// queue passages (a queue row cannot be told from an extension row), agents, abandons; so such a PBX gets call
/// points only, one per leg. The key is stable across runs, so rewriting a call overwrites its points.
/// </remarks>
internal sealed partial class CallLogNormaliser
{
    readonly ILogger<CallLogNormaliser> _logger;
    readonly CallAssembler _assembler;

    public CallLogNormaliser(ILogger<CallLogNormaliser> logger)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _assembler = new CallAssembler(new RowReader(Unknown, logger), Unknown);
    }

    /// <summary>Counts of unknown Direction/CallType/Status values seen (and of calls dropped for lack of a StartTime).</summary>
    public UnknownValueCounters Unknown { get; } = new();

    readonly Lock _implausibleLogged = new();
    bool _implausibleWarned;

    /// <summary>Groups rows (any order, any number of calls) into logical calls; one NormalisedCall per group, ordered by Start.</summary>
    public IReadOnlyList<NormalisedCall> Normalise(IEnumerable<CallLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var groups = new Dictionary<string, List<CallLogRow>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            var key = GroupingKey(row);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = [];
            group.Add(row);
        }

        var calls = new List<NormalisedCall>(groups.Count);
        foreach (var (key, group) in groups)
            if (Assemble(key, group) is { } call)
                calls.Add(call);

        calls.Sort(ByStartThenKey);
        return calls;
    }

    /// <summary>Calls ordered by start, then key (the order <see cref="Normalise"/> returns).</summary>
    internal static readonly Comparison<NormalisedCall> ByStartThenKey =
        (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.CallKey, b.CallKey);

    /// <summary>
    /// The call of one group of rows, all with the grouping key <paramref name="key"/> (as <see cref="Normalise"/> builds
    /// each); null when no row has a StartTime (counted and logged as there).
    /// </summary>
    internal NormalisedCall? Assemble(string key, List<CallLogRow> group)
    {
        var call = _assembler.Build(key, group, out var implausible);
        if (implausible > 0)
            WarnImplausibleStartOnce(key);
        if (call is null && Unknown.CountCallWithoutStartTime())
            LogCallWithoutStartTime(_logger, key, group.Count);
        return call;
    }

    /// <summary>MainCallHistoryId, else CallHistoryId, else CdrId, else the row's stable hash.</summary>
    public static string GroupingKey(CallLogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!string.IsNullOrWhiteSpace(row.MainCallHistoryId)) return row.MainCallHistoryId;
        if (!string.IsNullOrWhiteSpace(row.CallHistoryId)) return row.CallHistoryId;
        return CallLogRowKey.For(row); // the CdrId, else the hash
    }

    void WarnImplausibleStartOnce(string callKey)
    {
        lock (_implausibleLogged)
        {
            if (_implausibleWarned) return;
            _implausibleWarned = true;
        }
        LogImplausibleStart(_logger, callKey, CallAssembler.EarliestPlausibleStart);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Call log: call {CallKey} has a leg whose StartTime is before {Earliest:yyyy-MM-dd} (an empty or broken date); that time is ignored and the leg placed at the call's start (counted as Unknown.ImplausibleLegStarts, logged once)")]
    static partial void LogImplausibleStart(ILogger logger, string callKey, DateTimeOffset earliest);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Call log: call {CallKey} ({Rows} rows) has no StartTime on any row and cannot be placed in time; skipped (counted, logged once)")]
    static partial void LogCallWithoutStartTime(ILogger logger, string callKey, int rows);
}
