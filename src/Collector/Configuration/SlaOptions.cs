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
internal sealed class SlaOptions
{
    /// <summary>T: a call answered within this many seconds of entering the queue meets the service level. Default 20.</summary>
    [Range(1, 3600), Unit("seconds")]
    public int ThresholdSeconds { get; set; } = 20;

    /// <summary>S: a caller who hangs up within this many seconds is a short abandon, left out of SLA and abandon rate. Default 5; 0 turns it off.</summary>
    [Range(0, 600), Unit("seconds")]
    public int ShortAbandonSeconds { get; set; } = 5;

    /// <summary>The service-level formula. Default <see cref="SlaFormula.AbandonsNegative"/>.</summary>
    public SlaFormula Formula { get; set; } = SlaFormula.AbandonsNegative;
}
