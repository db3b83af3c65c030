namespace Collector.State;

/// <summary>
/// The state database cannot be opened, read or written. <see cref="Exception.Message"/> is the one line shown to the
/// user: what failed, where, what is lost (nothing, mostly) and what to do (<see cref="StateFault.Describe"/>). The verbs
/// turn it into exit code 2, like a configuration error; the worker stops on the <see cref="StateFault.IsFatal"/> kinds.
/// </summary>
internal sealed class StateUnavailableException(string message, Exception? inner = null, StateFaultKind kind = StateFaultKind.Unavailable)
    : Exception(message, inner)
{
    public StateFaultKind Kind { get; } = kind;
}
