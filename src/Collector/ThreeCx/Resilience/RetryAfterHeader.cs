using System.Net.Http.Headers;

namespace Collector.ThreeCx.Resilience;

/// <summary>Reads <c>Retry-After</c> in either form: delta seconds or an HTTP-date (relative to <c>now</c>).</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
