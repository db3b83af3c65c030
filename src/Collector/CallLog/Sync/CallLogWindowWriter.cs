using Collector.CallLog.Callbacks;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Rollups;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.CallLog.Sync;

/// <summary>What writing one window achieved.</summary>
/// <param name="Rows">Call-log rows read for the window (its margins included).</param>
/// <param name="Calls">Calls that started in the window and were written.</param>
/// <param name="Points">Points InfluxDB acknowledged (written or, if malformed, dropped by the writer).</param>
/// <param name="LinesDropped">Points InfluxDB rejected as malformed (logged by the writer).</param>
/// <param name="UnknownValues">Unknown Direction/CallType/Status values the normaliser met in these rows.</param>
internal sealed record WindowResult(CallWindow Window, int Rows, int Calls, int Points, int LinesDropped, long UnknownValues)
{
    /// <summary>Calls of the window not written because their lines were already written, unchanged (incremental runs).</summary>
    public int CallsUnchanged { get; init; }

    /// <summary>Stored points of the window's span that no longer matched the call log and were replaced (0 almost always).</summary>
    public int StalePointsReplaced { get; init; }

    /// <summary>
    /// The earliest start of the window's calls not written because the log shows them ending after the run's "now" (they
    /// were in progress when <c>ActiveCalls</c> was read, so this read may hold only some of their legs); null when none.
    /// </summary>
    public DateTimeOffset? UnfinishedFrom { get; init; }
}

/// <summary>
/// The ends of the calls that were still in progress when the sync read <c>ActiveCalls</c>: after <see cref="After"/> (its
/// "now") and up to <see cref="Until"/> (beyond it an end is a broken duration, not a call that just ended).
/// </summary>
internal readonly record struct InProgressEnds(DateTimeOffset After, DateTimeOffset Until)
{
    public bool Contains(DateTimeOffset end) => end > After && end <= Until;
}

/// <summary>
/// The step the sync and the backfill share: normalise a window's rows into calls, keep the calls that STARTED in
/// the window (the rows around it only serve to see each call whole and to recognise calls that began earlier),
/// turn them into points and write them, returning only when InfluxDB acknowledged every point.
/// Passages are classified with their queue's T: the configured <see cref="Kpi"/> with the PBX's SLATimes
/// (<see cref="QueueSlaTimes"/>, read only when the window has a passage to write).
/// <para><b>A window replaces what was written for it before.</b> Rewriting a call gives the same points (same tags,
/// deterministic timestamps), so it overwrites itself. A point stored earlier that this write would not overwrite (written
/// by a version with other timestamps, while the PBX sent rows without <c>MainCallHistoryId</c> so calls were grouped
/// otherwise, or under a name since changed) would stay beside it as a double. So the window owns the span of point times
/// <c>[Start, End)</c>, both ends truncated to the millisecond (<see cref="CallTimestamp.Millisecond"/>): it reads the
/// span's stored identities (<see cref="StoredCallPoints"/>, InfluxDB 1.x) and, when any is not among the points its rows
/// give for the span (of the calls that started in it and of those that began in the margin before it), deletes the span
/// of that measurement for the PBX before writing. It writes its calls' points and the margin calls' points in the span
/// that were stored or whose span it deleted (so what a delete took that is still true comes back; nothing new about an
/// earlier call is added otherwise). Points of its calls after the span are written and checked by
/// the window that owns their span. Without a reader (InfluxDB 2.x and 3) nothing is deleted. See docs/normalisation.md,
/// "Point identity".</para>
/// </summary>
/// <para>With a <see cref="CallbackList"/> (<c>CallLog:CallbackList</c>), the window's <c>callback</c> points (its abandoned
/// callers and earlier ones its calls reached) are written with its call points.</para>
/// <para>With <see cref="QueueRollups"/>, the local days and months the window changed are marked for their rollups.</para>
internal sealed partial class CallLogWindowWriter(IInfluxWriter writer, KpiSettings kpi, StoredCallPoints? stored = null, ILogger<CallLogWindowWriter>? logger = null, CallbackList? callbacks = null, QueueRollups? rollups = null)
{
    readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Whether a window replaces stored points of its span that its rows no longer give (InfluxDB 1.x).</summary>
    public bool ReplacesStalePoints => stored is not null;

    /// <summary>The configured KPI settings, before the PBX's SLATimes are added.</summary>
    public KpiSettings Kpi { get; } = kpi ?? throw new ArgumentNullException(nameof(kpi));

    /// <summary>Throws <see cref="InfluxWriteException"/> when InfluxDB did not take the points (nothing to checkpoint then).</summary>
    public Task<WindowResult> WriteAsync(PbxCallLog source, CallWindow window, IReadOnlyCollection<Collector.ThreeCx.CallLogRow> rows, CancellationToken cancellationToken) =>
        WriteAsync(source, window, rows, null, false, cancellationToken);

    /// <summary>
    /// As above; the calls written are noted in <paramref name="written"/> once InfluxDB acknowledged them, and with
    /// <paramref name="skipUnchanged"/> a call whose lines <paramref name="written"/> already holds is not written again
    /// (its points still count as current, so they are never taken for stale ones; they are written again only where
    /// a stale point made the window replace its span).
    /// </summary>
    public Task<WindowResult> WriteAsync(PbxCallLog source, CallWindow window, IReadOnlyCollection<Collector.ThreeCx.CallLogRow> rows,
        WrittenCalls? written, bool skipUnchanged, CancellationToken cancellationToken) =>
        WriteAsync(source, window, rows, written, skipUnchanged, null, cancellationToken);

    /// <summary>
    /// As above; with <paramref name="inProgress"/> (the sync's "now", read from <c>ActiveCalls</c> before the log), a call
    /// whose rows end after it is not written (<see cref="WindowResult.UnfinishedFrom"/>): it was still in progress at that
    /// moment and ended while the log was being read, so the read may hold only the legs that started before "now" or after
    /// where it began. Its points would carry another start, outcome or passages than the whole call's (a double beside
    /// the whole call once that is written); the sync writes it whole on its next run. A call that would end implausibly
    /// far after "now" (<see cref="InProgressEnds.Until"/>: a broken duration) is written as it is, so it cannot hold the
    /// watermark for long.
    /// </summary>
    public async Task<WindowResult> WriteAsync(PbxCallLog source, CallWindow window, IReadOnlyCollection<Collector.ThreeCx.CallLogRow> rows,
        WrittenCalls? written, bool skipUnchanged, InProgressEnds? inProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rows);
        var unknownBefore = source.Normaliser.Unknown.Total;
        IReadOnlyList<NormalisedCall> seen = source.Normaliser.Normalise(rows);
        DateTimeOffset? unfinishedFrom = null;
        if (inProgress is { } ends && seen.Any(call => ends.Contains(call.End)))
        {
            foreach (var call in seen)
                if (ends.Contains(call.End) && window.Contains(call.Start) && (unfinishedFrom is null || call.Start < unfinishedFrom))
                    unfinishedFrom = call.Start;
            seen = [.. seen.Where(call => !ends.Contains(call.End))];
        }

        var result = await WriteCallsAsync(source, window, seen, rows.Count, source.Normaliser.Unknown.Total - unknownBefore, written, skipUnchanged, cancellationToken);
        return result with { UnfinishedFrom = unfinishedFrom };
    }

    /// <summary>
    /// For a backfill: a <see cref="WindowBatch"/> for the windows of [<paramref name="from"/>, <paramref name="to"/>), with
    /// what InfluxDB stores for them read once (one InfluxQL statement for the call points of the span, one for the
    /// <c>callback</c> points from <see cref="CallbackList.LookBack"/> before it to <paramref name="callbacksAfter"/> after
    /// it), to pass to each of those windows' <see cref="WriteCallsAsync"/>, which keep it in step with what they write and
    /// delete. The windows' points are written together (when both parts were read), at most about <paramref name="pointsPerWrite"/> a request.
    /// </summary>
    public async Task<WindowBatch> ReadBatchAsync(string pbx, DateTimeOffset from, DateTimeOffset to, TimeSpan callbacksAfter, int pointsPerWrite,
        CancellationToken cancellationToken)
    {
        StoredPointSpan? points = null;
        var (fromNs, toNs) = (CallTimestamp.Millisecond(from), CallTimestamp.Millisecond(to));
        if (stored is not null && toNs > fromNs)
        {
            try
            {
                points = await stored.ReadSpanAsync(pbx, CallPoints.Measurements, fromNs, toNs, cancellationToken);
            }
            catch (InfluxQueryException)
            {
                points = null; // each window reads (and words the failure) itself
            }
        }
        var callbackSpan = callbacks is null ? null : await callbacks.ReadSpanAsync(pbx, from - CallbackList.LookBack, to + callbacksAfter, cancellationToken);
        var deferred = (stored is null || points is not null) && (callbacks is null || callbackSpan is not null);
        return new WindowBatch(from, to, points, callbackSpan, deferred, pointsPerWrite);
    }

    /// <summary>Writes the points <paramref name="batch"/> holds for its windows; returns when InfluxDB acknowledged them.</summary>
    public Task FlushAsync(WindowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.FlushAsync(writer, cancellationToken);
    }

    /// <summary>
    /// As <see cref="WriteAsync(PbxCallLog, CallWindow, IReadOnlyCollection{Collector.ThreeCx.CallLogRow}, WrittenCalls?, bool, CancellationToken)"/>,
    /// for calls already normalised (the backfill normalises each call once, see <see cref="Backfill.BackfillCalls"/>):
    /// <paramref name="seen"/> holds the window's calls and those of the margin before it, <paramref name="rows"/> and
    /// <paramref name="unknown"/> are what their rows counted. With <paramref name="batch"/> (<see cref="ReadBatchAsync"/>)
    /// the stored points are read from it instead of InfluxDB, and it learns what this window writes and deletes.
    /// </summary>
    public async Task<WindowResult> WriteCallsAsync(PbxCallLog source, CallWindow window, IReadOnlyList<NormalisedCall> seen, int rows, long unknown,
        WrittenCalls? written, bool skipUnchanged, CancellationToken cancellationToken, WindowBatch? batch = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(seen);
        var span = new PointSpan(CallTimestamp.Millisecond(window.Start), CallTimestamp.Millisecond(window.End));
        var kpi = seen.Any(call => HasPassageToWrite(call, window)) ? Kpi.WithSlaTimes(await source.SlaTimes.GetAsync(cancellationToken)) : Kpi;
        var pbx = source.Name;
        var calls = 0;
        var points = new List<CallPoint>();
        var windowCalls = new List<NormalisedCall>();
        var margin = new List<CallPoint>();
        var unchanged = new List<CallPoint>();
        var fresh = new List<(string, DateTimeOffset, ulong)>();
        var stamped = CallPoints.Stamp(ThatMatter(seen, window, span)); // one write: timestamps distinct across all its calls
        for (var c = 0; c < stamped.Calls.Count; c++)
        {
            var call = stamped.Calls[c];
            var (first, count) = stamped.RangeOf(c);
            var callPoints = stamped.Points.AsSpan(first, count);
            if (window.Contains(call.Start))
            {
                windowCalls.Add(call);
                var fingerprint = written is null ? 0 : WrittenCalls.Fingerprint(pbx, kpi, callPoints);
                if (skipUnchanged && written is not null && written.Has(call.CallKey, fingerprint))
                {
                    unchanged.AddRange(callPoints);
                    continue;
                }
                calls++;
                points.AddRange(callPoints);
                if (written is not null) fresh.Add((call.CallKey, call.Start, fingerprint));
            }
            else
            {
                foreach (var point in callPoints)
                    if (span.Contains(point.TimestampNs))
                        margin.Add(point); // a call that began before: its points in this window's span
            }
        }

        var storedPoints = batch?.Points is { } p && p.Covers(span.From, span.To) ? p : null;
        var (storedBefore, deleted, stale) = await ReplaceStaleAsync(pbx, kpi, window, span, [points, margin, unchanged], storedPoints, batch, cancellationToken);
        // The margin's points are written where they were stored or their span was just deleted (which may have taken them
        // under an older identity), never otherwise: nothing new about a call that began before the window is added.
        var storedTimes = storedBefore.Count > 0 ? TimesOf(storedBefore) : null;   // an identity is computed only for a point stamped where one is stored
        foreach (var point in margin)
            if (deleted.Contains(point.Measurement) || (storedTimes is not null && storedTimes.Contains(point.TimestampNs) && storedBefore.Contains(PointIdentity.Of(point.ToPointData(pbx, kpi)))))
                points.Add(point);
        foreach (var point in unchanged)
            if (deleted.Contains(point.Measurement))
                points.Add(point);
        IReadOnlyList<PointData> callbackPoints = [];
        if (callbacks is not null)
        {
            var (from, until) = CallbackList.ReadRange(window.Start, windowCalls);
            var callbackSpan = batch?.Callbacks is { } c && c.Covers(from, until) ? c : null;
            if (callbackSpan is null && batch is { PendingPoints: > 0 })
                await batch.FlushAsync(writer, cancellationToken);   // InfluxDB is read: it must hold what the batch's windows wrote
            callbackPoints = await callbacks.PointsAsync(pbx, window.Start, windowCalls, callbackSpan, cancellationToken);
        }
        var result = InfluxWriteResult.Nothing;
        var lineCount = points.Count + callbackPoints.Count;
        if (batch is { Deferred: true })
        {
            Encode(pbx, kpi, points, callbackPoints, batch.Pending);
            batch.Defer(window);
            if (batch.PendingPoints >= batch.FlushAt)
                await batch.FlushAsync(writer, cancellationToken);
        }
        else if (lineCount > 0)
        {
            using var lines = new LineBatch.Builder();
            Encode(pbx, kpi, points, callbackPoints, lines);
            result = await writer.WriteAsync(lines.View(), cancellationToken);
        }
        // The batch learns the points later windows will look for: those stamped after this window's span (its own span is read by no other window).
        if (storedPoints is not null)
            foreach (var point in points)
                if (point.TimestampNs >= span.To && point.TimestampNs < storedPoints.To)
                    storedPoints.Add(PointIdentity.Of(point.ToPointData(pbx, kpi)));
        written?.Remember(fresh);
        rollups?.Touch(pbx, window, QueueCallTimes(points), stale);
        return new WindowResult(window, rows, calls, lineCount, result.LinesDropped, unknown)
        {
            StalePointsReplaced = stale,
            CallsUnchanged = windowCalls.Count - calls,
        };
    }

    // The lines of a write: its call points, then its callback points.
    static void Encode(string pbx, KpiSettings kpi, List<CallPoint> points, IReadOnlyList<PointData> callbackPoints, LineBatch.Builder lines)
    {
        foreach (var point in points)
            lines.Add(point.WriteLine(pbx, kpi, lines.Output));
        foreach (var point in callbackPoints)
            lines.Add(point);
    }

    static IEnumerable<long> QueueCallTimes(List<CallPoint> points)
    {
        foreach (var point in points)
            if (point.Kind == CallPointKind.QueueCall)
                yield return point.TimestampNs;
    }

    /// <summary>
    /// The calls of <paramref name="seen"/> whose points can matter to this window: those that started in it, and those of
    /// the margin with a point that may be stamped in a millisecond where a point of this write lies (in the span, or
    /// where a point of the window's calls starts). <see cref="CallTimestamps"/> settles collisions per measurement and
    /// millisecond, so a margin call whose points all start before every such millisecond changes no timestamp written
    /// here, and none of its points is written: building them would be wasted (a backfill's margin is the previous hour).
    /// </summary>
    static IReadOnlyList<NormalisedCall> ThatMatter(IReadOnlyList<NormalisedCall> seen, CallWindow window, PointSpan span)
    {
        var first = span.From;   // the earliest millisecond a point of this write may start in
        foreach (var call in seen)
            if (window.Contains(call.Start))
                first = Math.Min(first, Milliseconds(call).Earliest);
        List<NormalisedCall>? kept = null;   // null while every call so far is kept
        for (var i = 0; i < seen.Count; i++)
        {
            var call = seen[i];
            var matters = window.Contains(call.Start) || Milliseconds(call).Latest >= first;
            if (!matters && kept is null)
            {
                kept = new List<NormalisedCall>(seen.Count);
                for (var j = 0; j < i; j++)
                    kept.Add(seen[j]);
            }
            else if (matters)
                kept?.Add(call);
        }

        return kept ?? seen;
    }

    // The first and last millisecond a point of the call starts in (its call point, passages and agent legs).
    static (long Earliest, long Latest) Milliseconds(NormalisedCall call)
    {
        var earliest = CallTimestamp.Millisecond(call.Start);
        var latest = earliest;
        for (var i = 0; i < call.Passages.Count; i++)   // indexed: no enumerator boxed per call
            Widen(CallTimestamp.Millisecond(call.Passages[i].Enter));
        for (var i = 0; i < call.AgentLegs.Count; i++)
            Widen(CallTimestamp.Millisecond(call.AgentLegs[i].Start));
        return (earliest, latest);

        void Widen(long millisecond)
        {
            earliest = Math.Min(earliest, millisecond);
            latest = Math.Max(latest, millisecond);
        }
    }

    static HashSet<long> TimesOf(IEnumerable<PointIdentity> identities)
    {
        var times = new HashSet<long>();
        foreach (var identity in identities)
            times.Add(identity.Time);
        return times;
    }

    // A passage of a call of the window, or one that may be stamped in its span (a millisecond early at most).
    static bool HasPassageToWrite(NormalisedCall call, CallWindow window)
    {
        if (call.Passages.Count == 0)
            return false;
        if (window.Contains(call.Start))
            return true;
        var from = window.Start.AddMilliseconds(-1);
        for (var i = 0; i < call.Passages.Count; i++)   // indexed, no closure: asked of every call of every window
            if (call.Passages[i].Enter >= from && call.Passages[i].Enter < window.End)
                return true;
        return false;
    }

    /// <summary>
    /// Deletes the span of each measurement whose stored points are not all among <paramref name="points"/>; returns what
    /// was stored in the span before, the measurements whose span was deleted and how many stored points were stale.
    /// </summary>
    async Task<(HashSet<PointIdentity> StoredBefore, HashSet<string> Deleted, int Stale)> ReplaceStaleAsync(
        string pbx, KpiSettings kpi, CallWindow window, PointSpan span, List<CallPoint>[] points, StoredPointSpan? batch, WindowBatch? pending,
        CancellationToken cancellationToken)
    {
        var storedBefore = new HashSet<PointIdentity>();
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        if (stored is null || span.IsEmpty)
            return (storedBefore, deleted, 0);
        var stale = 0;
        try
        {
            foreach (var measurement in CallPoints.Measurements)
            {
                var before = batch is not null
                    ? batch.Read(measurement, span.From, span.To)
                    : await stored.ReadAsync(pbx, measurement, span.From, span.To, cancellationToken);
                if (before.Count == 0)
                    continue;
                storedBefore.UnionWith(before);
                // The identities of this write's points that may match a stored one: computing one costs, and a point
                // stamped where nothing is stored cannot match (a first backfill stores only what its earlier windows wrote).
                var times = TimesOf(before);
                var current = new HashSet<PointIdentity>();
                foreach (var list in points)
                    foreach (var point in list)
                        if (span.Contains(point.TimestampNs) && times.Contains(point.TimestampNs) && string.Equals(point.Measurement, measurement, StringComparison.Ordinal))
                            current.Add(PointIdentity.Of(point.ToPointData(pbx, kpi)));
                var staleHere = 0;
                foreach (var identity in before)
                    if (!current.Contains(identity))
                        staleHere++;
                if (staleHere == 0)
                    continue;
                if (pending is { PendingPoints: > 0 })
                    await pending.FlushAsync(writer, cancellationToken);   // what earlier windows wrote into this span is deleted too, as unbatched
                await stored.DeleteAsync(pbx, measurement, span.From, span.To, cancellationToken);
                batch?.Forget(measurement, span.From, span.To);
                deleted.Add(measurement);
                stale += staleHere;
            }
        }
        catch (InfluxQueryException e)
        {
            LogNotChecked(_logger, pbx, window.ToString(), e.Message);
            return (storedBefore, deleted, stale);
        }

        if (stale > 0)
            LogReplaced(_logger, pbx, window.ToString(), stale);
        return (storedBefore, deleted, stale);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: window {Window}: {Stale} stored call points no longer matched the call log (an earlier version's timestamps, rows without MainCallHistoryId, a renamed queue or agent); the window's points were replaced")]
    static partial void LogReplaced(ILogger logger, string pbx, string window, int stale);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: window {Window}: could not compare with the stored call points, writing without replacing: {Reason}")]
    static partial void LogNotChecked(ILogger logger, string pbx, string window, string reason);

    /// <summary>The span of point times <c>[From, To)</c> (nanoseconds) a window owns.</summary>
    readonly record struct PointSpan(long From, long To)
    {
        public bool IsEmpty => To <= From;

        public bool Contains(long timestamp) => timestamp >= From && timestamp < To;
    }
}
