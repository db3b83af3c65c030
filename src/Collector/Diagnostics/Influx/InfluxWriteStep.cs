using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;

namespace Collector.Diagnostics.Influx;

/// <summary>
/// Writes one <c>collector_check</c> point with the worker's own writer, so a missing v1 database is created (when
/// <c>Influx:CreateDatabase</c> allows) and every answer means what it means to the worker.
/// </summary>
internal sealed class InfluxWriteStep : ICheckStep<InfluxCheckContext>
{
    public const string Measurement = "collector_check";

    public string Name => "write";
    public IReadOnlyList<string> DependsOn => ["ping"];

    public async Task<CheckResult> RunAsync(InfluxCheckContext context, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var timestamp = context.Time.GetUtcNow();
        var point = new PointData(Measurement).Tag("source", "collector").Field("probe", id).Field("ok", 1L).Timestamp(UnixTime.Nanoseconds(timestamp));
        var created = context.Writer.Counters.Snapshot().DatabasesCreated;
        try
        {
            await context.Writer.WriteAsync(LineBatch.From([point]), cancellationToken);
        }
        catch (InfluxWriteException failure)
        {
            return CheckResult.Fail(Name, failure.Verdict, failure.Fix ?? "Check InfluxDB's own log for the cause.");
        }

        context.Written = (id, timestamp);
        var createdNow = context.Writer.Counters.Snapshot().DatabasesCreated > created;
        return CheckResult.Pass(Name, $"Wrote one {Measurement} point to {Target(context.Options)}" +
                                      (createdNow ? " (created the database: it did not exist)." : "."));
    }

    internal static string Target(InfluxOptions options) => options.ApiVersion == InfluxApiVersion.V2
        ? $"bucket {options.Bucket} (org {options.Org})"
        : $"database {options.Database}";
}
