namespace Collector.CallLog.Sync;

/// <summary>
/// What <c>ActiveCalls</c> told about the calls still in progress, read before the call log so that every call
/// that started before <see cref="EarliestStart"/> had already ended (and so is in the call log).
/// </summary>
/// <param name="Now">The PBX's clock (<see cref="Clock"/> says from where), else this machine's.</param>
/// <param name="Known">False when <c>ActiveCalls</c> could not be read: nothing is known about calls in progress.</param>
/// <param name="EarliestStart">The earliest start among calls in progress (<c>EstablishedAt</c>, else <c>LastChangeStatus</c>); null when none.</param>
/// <param name="Count">How many calls were in progress.</param>
/// <param name="Clock">Where <see cref="Now"/> came from.</param>
/// <param name="LocalNow">This machine's clock at the same moment (for the skew); <see cref="Now"/> when not given.</param>
internal sealed record InProgressCalls(
    DateTimeOffset Now, bool Known, DateTimeOffset? EarliestStart, int Count,
    PbxClockSource Clock = PbxClockSource.ServerNow, DateTimeOffset? LocalNow = null)
{
    public static InProgressCalls Unknown(DateTimeOffset now) => new(now, false, null, 0, PbxClockSource.LocalClock, now);

    /// <summary>
    /// Each call in progress by its identity (<see cref="IdentityOf"/>) with its start (<c>EstablishedAt</c>, else
    /// <c>LastChangeStatus</c>, else <see cref="DateTimeOffset.MinValue"/>): a call missing from the next read has ended,
    /// so its rows are in the call log from its start on (the incremental sync re-reads from there).
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Calls { get; init; } = NoCalls;

    static readonly IReadOnlyDictionary<string, DateTimeOffset> NoCalls = new Dictionary<string, DateTimeOffset>();

    /// <summary>A call's identity across reads: its <c>Id</c> with its start (an Id the PBX reuses for a later call is another call).</summary>
    public static string IdentityOf(int? id, DateTimeOffset start, string? caller) =>
        id is { } value
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value}@{start.UtcTicks}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"?{start.UtcTicks}|{caller}");

    /// <summary>Whether <see cref="Now"/> is the PBX's own clock (not this machine's).</summary>
    public bool ClockFromPbx => Clock != PbxClockSource.LocalClock;

    /// <summary>The PBX's clock minus this machine's, when the PBX's clock was read.</summary>
    public TimeSpan? Skew => ClockFromPbx && LocalNow is { } local ? Now - local : null;
}

/// <summary>Where the sync's "now" came from.</summary>
internal enum PbxClockSource
{
    /// <summary>An active call's <c>ServerNow</c>.</summary>
    ServerNow,

    /// <summary>The <c>Date</c> header of the <c>ActiveCalls</c> answer (whole seconds, so up to a second behind).</summary>
    DateHeader,

    /// <summary>This machine's clock: the PBX showed none.</summary>
    LocalClock,
}
