namespace Collector.CallLog.Normalisation;

/// <summary>The <c>direction</c> tag values of <c>call</c> and <c>agent_call</c> points.</summary>
internal static class CallDirections
{
    public const string Inbound = "inbound";
    public const string Outbound = "outbound";
    public const string Internal = "internal";
}

/// <summary>The <c>outcome</c> tag values of <c>call</c> points.</summary>
internal static class CallOutcomes
{
    /// <summary>An agent leg (extension, or the far end of an outbound call) was answered.</summary>
    public const string Answered = "answered";

    /// <summary>Not answered, and the caller hung up while waiting in the call's last queue.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>Everything else: an IVR hang-up, an unanswered direct, outbound or internal call.</summary>
    public const string Unanswered = "unanswered";
}

/// <summary>The <c>outcome</c> tag values of <c>queue_call</c> points.</summary>
internal static class PassageOutcomes
{
    /// <summary>An agent picked the call up from this queue.</summary>
    public const string Answered = "answered";

    /// <summary>The caller hung up while waiting in this queue.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>The queue passed the call on unanswered (to another queue or another destination).</summary>
    public const string Overflow = "overflow";
}
