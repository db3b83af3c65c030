using Collector.Configuration;
using Collector.State;

namespace Collector.CallLog.Sync;

/// <summary>
/// What one PBX's sync remembers between runs so that a run reads only where new rows can be (docs/call-log-sync.md,
/// "Incremental runs"). 3CX's period filter is on a row's StartTime and a call's rows appear only once it has ended, so
/// the rows listed since the last run are those of
/// <list type="bullet">
/// <item>calls that started after the last run's <c>ActiveCalls</c> read (they were in no answer): from the last run's
/// "now" on (<see cref="Due"/>);</item>
/// <item>calls that answer showed in progress and that are missing from this run's: from each one's start on
/// (<see cref="Ended"/>).</item>
/// </list>
/// An ordinary run reads from the last run's "now" less <c>CallLog:IncrementalOverlap</c> (and from a stretch found by the
/// run before, kept until a run whose clock is <c>CallLog:SettleDelay</c> past it has read it, for rows 3CX writes a
/// little late). The ended calls' stretches are collected and read together, from the earliest of them less the overlap,
/// by the first run <c>CallLog:EndedCallsReadInterval</c> after the first of them was found (a stretch run); until then
/// the watermark stays at or before each one's start (<see cref="HoldWatermark"/>), so a restart still reads them whole.
/// Reads never start before the watermark (every call that started before it is written); the rows of the calls that
/// began before a read and still have legs after it come from <see cref="Rows"/>, so each window is written from the
/// same rows a full read would give, and calls whose lines are unchanged are not written again (<see cref="Written"/>).
/// Nothing here is persisted, and it is valid only while this instance is the PBX's last writer: every run leaves the
/// stored watermark with a version of its own (<see cref="LeftBy"/>), so a run finding another version (another instance
/// of a cluster ran the PBX's job since, or someone set the watermark) forgets it all and runs full. After a start, a failed run, an <c>ActiveCalls</c> read that failed or a PBX that showed
/// no clock, the next run is a full one (as every run was before), and so is one run every <c>CallLog:FullSyncInterval</c>.
/// </summary>
internal sealed class IncrementalSyncState
{
    int _busy;
    long? _leftVersion;
    IReadOnlyDictionary<string, DateTimeOffset>? _active;
    readonly List<DueStretch> _due = [];
    readonly List<DueStretch> _ended = [];

    /// <summary>Whole calls with a leg at or after the earliest point a later incremental window can start.</summary>
    public CallRowCache Rows { get; } = new();

    /// <summary>The calls written with their lines' fingerprints.</summary>
    public WrittenCalls Written { get; } = new();

    /// <summary>Whether a full run filled <see cref="Rows"/> and nothing since made them unreliable.</summary>
    public bool Ready { get; private set; }

    /// <summary>The PBX's clock at the last successful run.</summary>
    public DateTimeOffset LastNow { get; private set; }

    /// <summary>The PBX's clock at the last successful full run.</summary>
    public DateTimeOffset LastFullAt { get; private set; }

    /// <summary>The stretches of new calls still to be read once more (for tests and logs).</summary>
    public IReadOnlyList<DueStretch> Due => _due;

    /// <summary>The stretches of calls that ended since they were last read, each from the call's start (for tests and the run point).</summary>
    public IReadOnlyList<DueStretch> Ended => _ended;

    /// <summary>
    /// Whether the stored watermark is still as this instance's last successful run left it (its version); if not,
    /// another writer ran since and what is remembered here may lack what that one read and wrote.
    /// </summary>
    public bool LeftBy(StoredProgress stored) => _leftVersion == stored.Version;

    /// <summary>Claims the state for one run; false while another run of the same PBX holds it (that run then goes full, without it).</summary>
    public bool TryEnter() => Interlocked.Exchange(ref _busy, 1) == 0;

    public void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>
    /// Notes this run's stretches (the new stretch and the calls that ended since the last run) and returns what an
    /// incremental run reads, or null when this run must be a full one. <paramref name="endedCallsReadInterval"/> is
    /// <c>CallLog:EndedCallsReadInterval</c>, or zero where the ended calls' stretches must be read at once.
    /// </summary>
    public IncrementalRead? Plan(InProgressCalls calls, DateTimeOffset watermark, CallLogOptions options, TimeSpan endedCallsReadInterval)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(options);
        var now = calls.Now;
        if (Ready && calls.Known && _active is not null && now >= LastNow)
        {
            _due.Add(new DueStretch(LastNow, now));
            foreach (var (identity, start) in _active)
                if (!calls.Calls.ContainsKey(identity))
                    _ended.Add(new DueStretch(start, now));
        }

        if (!Ready || !calls.Known || !calls.ClockFromPbx || now < LastNow
            || options.FullSyncInterval <= TimeSpan.Zero || now - LastFullAt >= options.FullSyncInterval)
            return null;

        // Ordinary: the stretch since the last run less the overlap, and a stretch found before that is not settled yet.
        var from = LastNow - options.IncrementalOverlap;
        foreach (var d in _due)
        {
            var start = d.From == DateTimeOffset.MinValue ? watermark : d.From;
            if (start < from) from = start;
        }

        // The ended calls' stretches, together, once the first of them has waited the interval; and the calls that ended
        // unseen before a start (the run after the first full run reads from the watermark: a stretch run too).
        var stretch = _ended.Exists(e => e.SeenAt + endedCallsReadInterval <= now) || _due.Exists(d => d.From == DateTimeOffset.MinValue);
        if (stretch)
            foreach (var e in _ended)
            {
                var start = e.From == DateTimeOffset.MinValue ? watermark : e.From - options.IncrementalOverlap;
                if (start < from) from = start;
            }
        return new IncrementalRead(from < watermark ? watermark : from, stretch);
    }

    /// <summary>
    /// The watermark target held at or before the start of every ended call whose rows are not read for good by this
    /// run (all of them on an ordinary run; on a full or stretch run, those found less than <c>CallLog:SettleDelay</c>
    /// ago), never below <paramref name="watermark"/>: a restart reads from the watermark, so it still finds them whole.
    /// </summary>
    public DateTimeOffset HoldWatermark(DateTimeOffset target, DateTimeOffset watermark, DateTimeOffset now, bool readsEndedCalls, CallLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var e in _ended)
            if ((!readsEndedCalls || e.SeenAt + options.SettleDelay > now) && e.From < target)
                target = e.From;
        return target < watermark ? watermark : target;
    }

    /// <summary>
    /// The earliest row StartTime a full run keeps in <see cref="Rows"/>: a later window starts at or after the new
    /// watermark (at least <paramref name="target"/>, or now), and the calls it must see whole began at most
    /// <c>CallLog:MaxCallSpan</c> before it.
    /// </summary>
    public static DateTimeOffset KeepFrom(DateTimeOffset target, DateTimeOffset now, CallLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var w = target < now ? target : now;
        return w - options.MaxCallSpan - Margin;
    }

    /// <summary>Before a full run: forget the rows, they are read again.</summary>
    public void StartFull() => Rows.Clear();

    /// <summary>
    /// After a run every window of which InfluxDB acknowledged: remember this run and forget what no later window needs.
    /// <paramref name="readEndedCalls"/>: the run read the ended calls' stretches (a full or a stretch run).
    /// <paramref name="unfinishedFrom"/>: the earliest start of a call the run left unwritten because the log showed it
    /// ending after the run's "now" (<see cref="WindowResult.UnfinishedFrom"/>); the next run reads from there again.
    /// <paramref name="left"/>: the stored watermark as this run left it (<see cref="LeftBy"/>).
    /// </summary>
    public void Succeeded(InProgressCalls calls, StoredProgress left, bool full, bool readEndedCalls, CallLogOptions options, DateTimeOffset? unfinishedFrom = null)
    {
        var watermark = left.Value;
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(options);
        if (!calls.Known || !calls.ClockFromPbx)
        {
            Reset();
            return;
        }

        var now = calls.Now;
        if (full)
        {
            if (_active is null || !Ready)
                _due.Add(new DueStretch(DateTimeOffset.MinValue, now)); // what ended unseen before this run: the next run reads from the watermark once more
            LastFullAt = now;
            Ready = true;
        }

        _active = calls.Calls;
        _leftVersion = left.Version;
        LastNow = now;
        _due.RemoveAll(d => d.SeenAt + options.SettleDelay <= now);
        if (full || readEndedCalls)
            _ended.RemoveAll(d => d.SeenAt + options.SettleDelay <= now);
        if (unfinishedFrom is { } unfinished)
            _due.Add(new DueStretch(unfinished, now));   // kept for the next run whatever SettleDelay is

        // A later window starts at or after the watermark and at or after the earliest stretch that can still come due.
        var earliest = now;
        foreach (var d in _due.Concat(_ended))
            if (d.From < earliest) earliest = d.From;
        foreach (var start in calls.Calls.Values)
            if (start < earliest) earliest = start;
        var bound = earliest == DateTimeOffset.MinValue ? watermark : earliest - options.IncrementalOverlap;
        if (bound < watermark) bound = watermark;
        Rows.Prune(bound - Margin);
        Written.Prune(bound - Margin);
    }

    /// <summary>After a failed or cancelled run: the next run is a full one.</summary>
    public void Reset()
    {
        Ready = false;
        _leftVersion = null;
        _active = null;
        _due.Clear();
        _ended.Clear();
        Rows.Clear();
        Written.Clear();
    }

    /// <summary>Calls stamped within this of a window's start may have points in its span (timestamps are per millisecond).</summary>
    static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);
}

/// <summary>A stretch of row StartTimes from <see cref="From"/> on that may hold rows not read yet, found by the run at <see cref="SeenAt"/> (PBX clock).</summary>
internal readonly record struct DueStretch(DateTimeOffset From, DateTimeOffset SeenAt);

/// <summary>What an incremental run reads: rows from <see cref="From"/> to now; <see cref="EndedCalls"/> when that includes the ended calls' stretches.</summary>
internal readonly record struct IncrementalRead(DateTimeOffset From, bool EndedCalls);
