namespace Collector.ThreeCx;

/// <summary>How the XAPI client talks to every PBX: timeouts, paging, tokens, retries, circuit breaker.</summary>
public sealed class XapiOptions
{
    /// <summary>The configuration section bound by default.</summary>
    public const string SectionName = "Xapi";

    /// <summary>How long one HTTP attempt (send and read the whole body) may take. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Call-log rows asked for per page (<c>$top</c>). Lowered automatically to the PBX's cap. Default 500.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Rows each call-log page re-reads from the previous one, so rows shifting while paging are not missed. Default 10.</summary>
    public int PageOverlap { get; set; } = 10;

    /// <summary>Fetch a new token this long before the current one expires (at most half its lifetime). Default 10 s.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a transient failure (429, 408, 502–504, timeouts, dropped connections). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Retries of a 500 (usually a request the PBX cannot handle, so only a little). Default 1.</summary>
    public int ServerErrorRetries { get; set; } = 1;

    /// <summary>Delay before the first retry; doubled for each next one. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off between retries. Default 30 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Random spread of each back-off, as a fraction (0.2 = ±20 %). Default 0.2.</summary>
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Longest wait a server's <c>Retry-After</c> can impose before a retry. Default 60 s.</summary>
    public TimeSpan RetryAfterMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Share of failed attempts (within the sampling duration) that opens a PBX's circuit. Default 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling duration before the circuit may open. Default 10.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which the failure ratio is measured. Default 60 s.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit rejects calls before letting one through to test the PBX. Default 30 s.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
