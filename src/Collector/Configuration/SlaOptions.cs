using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>
/// Which queue passages count towards the service level and which of them meet it
/// (A = answered, Ab = abandoned, T = <see cref="SlaOptions.ThresholdSeconds"/>; short abandons never count).
/// </summary>
public enum SlaFormula
{
    /// <summary>A≤T / A.</summary>
    AnsweredOnly,
    /// <summary>(A≤T + Ab≤T) / (A + Ab): abandons within T count as met.</summary>
    AbandonsPositive,
    /// <summary>A≤T / (A + Ab): every abandon counts against the service level (the default).</summary>
    AbandonsNegative,
    /// <summary>A≤T / (A + Ab&gt;T): abandons within T are left out.</summary>
    AbandonsWithinTIgnored,
}

/// <summary>Service-level definitions (configuration keys <c>Sla:…</c>).</summary>
internal sealed class SlaOptions : IValidatableObject
{
    /// <summary>The range of every T, in seconds (the default's and each queue's).</summary>
    internal const int MinThresholdSeconds = 1, MaxThresholdSeconds = 3600;

    /// <summary>
    /// T: a call answered within this many seconds of entering the queue meets the service level. Default 20. A queue's
    /// own T replaces it: <see cref="Queues"/>, else 3CX's SLATime for the queue (see <c>SlaThresholds</c>).
    /// </summary>
    [Range(MinThresholdSeconds, MaxThresholdSeconds), Unit("seconds")]
    public int ThresholdSeconds { get; set; } = 20;

    /// <summary>
    /// Per queue, by its DN (<c>Sla:Queues:800:ThresholdSeconds</c>, environment <c>Sla__Queues__800__ThresholdSeconds</c>):
    /// settings that replace the ones above for that queue, and 3CX's own SLATime for it. None by default.
    /// </summary>
    public Dictionary<string, QueueSlaOptions> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>S: a caller who hangs up within this many seconds is a short abandon, left out of SLA and abandon rate. Default 5; 0 turns it off.</summary>
    [Range(0, 600), Unit("seconds")]
    public int ShortAbandonSeconds { get; set; } = 5;

    /// <summary>The service-level formula. Default <see cref="SlaFormula.AbandonsNegative"/>.</summary>
    public SlaFormula Formula { get; set; } = SlaFormula.AbandonsNegative;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The generated validator does not look into dictionaries; the precheck says the same for configuration text.
        foreach (var (dn, queue) in Queues)
        {
            if (dn.Length == 0 || !dn.All(char.IsAsciiDigit))
                yield return new("is not a queue number; key each queue by its DN, e.g. Sla:Queues:800:ThresholdSeconds.", [$"{nameof(Queues)}:{dn}"]);
            else if (queue.ThresholdSeconds is { } t and (< MinThresholdSeconds or > MaxThresholdSeconds))
                yield return new($"{t} is out of range; use {MinThresholdSeconds} to {MaxThresholdSeconds} seconds.", [$"{nameof(Queues)}:{dn}:{nameof(QueueSlaOptions.ThresholdSeconds)}"]);
        }
    }
}

/// <summary>One queue's own service-level settings (configuration keys <c>Sla:Queues:&lt;DN&gt;:…</c>).</summary>
internal sealed class QueueSlaOptions
{
    /// <summary>T for this queue, in seconds; replaces 3CX's SLATime for the queue and <c>Sla:ThresholdSeconds</c>. Not set by default.</summary>
    [Range(SlaOptions.MinThresholdSeconds, SlaOptions.MaxThresholdSeconds), Unit("seconds")]
    public int? ThresholdSeconds { get; set; }
}
