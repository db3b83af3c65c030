namespace Collector.ThreeCx;

/// <summary>
/// <c>ActiveCalls</c> with the PBX's clock as its answer showed it: the HTTP <c>Date</c> header (whole seconds, so at most a
/// second behind the PBX's real time), null when the answer had none.
/// </summary>
internal sealed record ActiveCallsAnswer(IReadOnlyList<ActiveCall> Calls, DateTimeOffset? ServerDate);
