namespace Collector.CallLog.Sync;

/// <summary>
/// What <c>ActiveCalls</c> told about the calls still in progress, read before the call log so that every call
/// that started before <see cref="EarliestStart"/> had already ended (and so is in the call log).
/// </summary>
/// <param name="Now">The PBX's clock (<c>ServerNow</c>) when a call gave it, else this machine's.</param>
/// <param name="Known">False when <c>ActiveCalls</c> could not be read: nothing is known about calls in progress.</param>
/// <param name="EarliestStart">The earliest start among calls in progress (<c>EstablishedAt</c>, else <c>LastChangeStatus</c>); null when none.</param>
/// <param name="Count">How many calls were in progress.</param>
internal sealed record InProgressCalls(DateTimeOffset Now, bool Known, DateTimeOffset? EarliestStart, int Count)
{
    public static InProgressCalls Unknown(DateTimeOffset now) => new(now, false, null, 0);
}
