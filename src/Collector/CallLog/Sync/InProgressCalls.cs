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
