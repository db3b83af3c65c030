using Collector.Configuration;

namespace Collector.Diagnostics.Influx;

/// <summary>
/// Writes one <c>collector_check</c> point. With the v1 API a missing database is created first, as the worker will.
/// </summary>
public sealed class InfluxWriteStep : ICheckStep<InfluxCheckContext>
{
    public string Name => "write";
    public IReadOnlyList<string> DependsOn => ["ping"];

    public async Task<CheckResult> RunAsync(InfluxCheckContext context, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        var timestamp = context.Time.GetUtcNow();
        var options = context.Options;
        var answer = await context.Probe.WriteAsync(id, timestamp, ct);
        var created = false;
        if (answer.Status == 404 && options.ApiVersion == InfluxApiVersion.V1 && answer.ErrorText.Contains("database not found", StringComparison.OrdinalIgnoreCase))
        {
            var create = await context.Probe.CreateDatabaseAsync(ct);
            if (!create.Success || create.Body.Contains("\"error\"", StringComparison.Ordinal))
                return InfluxAdvice.ForAnswer(Name, create, options, $"create database {options.Database}");
            created = true;
            answer = await context.Probe.WriteAsync(id, timestamp, ct);
        }
        if (!answer.Success) return InfluxAdvice.ForAnswer(Name, answer, options, $"write to {Target(options)}");

        context.Written = (id, timestamp);
        return CheckResult.Pass(Name, $"Wrote one {InfluxProbeClient.Measurement} point to {Target(options)}" +
                                      (created ? " (created the database: it did not exist)." : "."));
    }

    internal static string Target(InfluxOptions options) => options.ApiVersion == InfluxApiVersion.V2
        ? $"bucket {options.Bucket} (org {options.Org})"
        : $"database {options.Database}";
}
