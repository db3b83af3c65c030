namespace Collector.State;

/// <summary>
/// The state database cannot be opened or written at start. <see cref="Exception.Message"/> is the one line shown to
/// the user: what failed, where, and what to do. The verbs turn it into exit code 2, like a configuration error.
/// </summary>
internal sealed class StateUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
