using System.ComponentModel.DataAnnotations;
using Collector.Configuration;

namespace Collector.ThreeCx;

/// <summary>How the XAPI client talks to every PBX (configuration keys <c>Xapi:…</c>): timeouts, paging, tokens, retries, circuit breaker.</summary>
internal sealed class XapiOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Xapi";

    /// <summary>How long one HTTP attempt (send and read the whole body) may take. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest answer the client reads from a PBX, in bytes. A larger success answer fails its request
    /// (<see cref="XapiFailureKind.MalformedResponse"/>) instead of being buffered: a page of 500 call-log rows is
    /// about 1 MB, so only a broken PBX, a proxy or a wrong address sends more. Default 64 MiB (67108864).
    /// </summary>
    [Range(65_536, 1_073_741_824), Unit("bytes")]
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Call-log rows asked for per page (<c>$top</c>). Lowered automatically to the PBX's cap. Default 500.</summary>
    [Range(1, 100_000), Unit("rows")]
    public int PageSize { get; set; } = 500;

    /// <summary>Rows each call-log page re-reads from the previous one, so rows shifting while paging are not missed. Default 10.</summary>
    [Range(0, 99_999), Unit("rows")]
    public int PageOverlap { get; set; } = 10;

    /// <summary>Fetch a new token this long before the current one expires (at most half its lifetime). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a transient failure (429, 408, 502–504, timeouts, dropped connections). Default 3.</summary>
    [Range(0, 20), Unit("retries")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Retries of a 500 (usually a request the PBX cannot handle, so only a little). Default 1.</summary>
    [Range(0, 20), Unit("retries")]
    public int ServerErrorRetries { get; set; } = 1;

    /// <summary>Delay before the first retry; doubled for each next one (Polly's exponential back-off). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off between retries. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// 0 turns the jitter off (exact doubling); any value above 0 (up to 1) turns on Polly's decorrelated jitter, which
    /// makes each back-off random between 0 and 1.4 times its doubled length (the total still doubles per retry), so
    /// PBX clients do not retry in step. Only zero or not matters (the value was the ±fraction of the former
    /// hand-written back-off). Default 0.2 (jitter on).
    /// </summary>
    [Range(0.0, 1.0)]
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Longest wait a server's <c>Retry-After</c> can impose before a retry. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryAfterMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Share of failed attempts (within the sampling duration) that opens a PBX's circuit. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling duration before the circuit may open. Default 10.</summary>
    [Range(2, 10_000)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which the failure ratio is measured. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "1.00:00:00")]
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit rejects calls before letting one through to test the PBX. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "1.00:00:00")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A copy with another <see cref="RequestTimeout"/>: one PBX's own (<c>Pbxs:N:RequestTimeout</c>).</summary>
    internal XapiOptions WithRequestTimeout(TimeSpan requestTimeout)
    {
        var copy = (XapiOptions)MemberwiseClone();
        copy.RequestTimeout = requestTimeout;
        return copy;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PageOverlap >= PageSize)
            yield return new($"must be less than Xapi:PageSize (was {PageOverlap}).", [nameof(PageOverlap)]);
        if (ServerErrorRetries > MaxRetries)
            yield return new($"must be at most Xapi:MaxRetries (was {ServerErrorRetries}).", [nameof(ServerErrorRetries)]);
        if (RetryMaxDelay < RetryBaseDelay)
            yield return new($"must be at least Xapi:RetryBaseDelay (was {RetryMaxDelay:c}).", [nameof(RetryMaxDelay)]);
    }
}
