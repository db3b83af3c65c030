namespace Collector.Security;

/// <summary>
/// The log's own caps, enforced for every event by <see cref="RedactingSink"/> whatever the code that logged it did
/// (README, "Logs, outside text and secrets"). Outside values are already cut to <see cref="OutsideText.MaxLength"/>
/// where they enter a message; these bound what a message can add up to.
/// </summary>
internal static class LogLimits
{
    /// <summary>The most characters of one property (one template argument) of a log event.</summary>
    public const int MaxPropertyLength = 1_000;

    /// <summary>The most characters of one rendered log message (one log line before the sink's own prefix).</summary>
    public const int MaxMessageLength = 4_000;

    /// <summary>The most characters of an exception logged with an event: type, message and stack trace.</summary>
    public const int MaxExceptionLength = 8_000;
}
