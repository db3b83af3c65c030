using Microsoft.Extensions.Logging;
using Polly;

namespace Collector.ThreeCx.Resilience;

/// <summary>Composes one PBX's pipeline: retry (outermost) → circuit breaker → per-attempt timeout.</summary>
internal static class XapiPipeline
{
    public static ResiliencePipeline Create(XapiOptions options, TimeProvider time, Func<double> random, ILogger logger, string pbx)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = "xapi", InstanceName = pbx };
        if (options.MaxRetries > 0)
            builder.AddRetry(XapiRetryPolicy.Create(options, random, logger, pbx));
        return builder
            .AddCircuitBreaker(XapiCircuitBreakerPolicy.Create(options, logger, pbx))
            .AddTimeout(options.RequestTimeout)
            .Build();
    }
}
