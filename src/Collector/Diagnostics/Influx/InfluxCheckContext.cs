using Collector.Configuration;
using Collector.Influx.Writing;

namespace Collector.Diagnostics.Influx;

/// <summary>
/// What the InfluxDB check steps share: the worker's own InfluxDB pieces (the endpoint's URLs and authentication, its
/// HTTP transport, the writer and the one table of what each answer means), and the probe point once written.
/// </summary>
internal sealed class InfluxCheckContext
{
    internal InfluxCheckContext(InfluxOptions options, HttpClient http, IInfluxWriter writer, TimeProvider time, Security.SecretRegistry? secrets = null)
    {
        Options = options;
        Endpoint = new InfluxEndpoint(options);
        Transport = new InfluxHttpTransport(http, Endpoint, options, time, secrets);
        Writer = writer;
        Time = time;
    }

    public InfluxOptions Options { get; }
    internal InfluxEndpoint Endpoint { get; }
    internal InfluxHttpTransport Transport { get; }
    internal IInfluxWriter Writer { get; }
    public TimeProvider Time { get; }

    /// <summary>The probe point written by the write step (a unique id and its timestamp), read back by the query step.</summary>
    public (string Id, DateTimeOffset Timestamp)? Written { get; set; }

    /// <summary>A failed answer as a check row, through the writer's status table and texts.</summary>
    internal CheckResult Failure(string step, WriteResponse response, string? unreachableFix = null)
    {
        if (response.Status is null)
            return CheckResult.Fail(step, $"Cannot reach InfluxDB at {Options.Url}: {response.TransportError}.",
                unreachableFix ?? "Start InfluxDB (Debian: apt-get install influxdb; Docker: docker compose up -d influxdb) or correct Influx__Url.");
        var decision = WriteStatusPolicy.Decide(response, Options.ApiVersion);
        var kind = decision.FailureKind ?? (decision.Action == WriteAction.CreateDatabase ? InfluxWriteFailureKind.DatabaseNotFound : InfluxWriteFailureKind.Rejected);
        var (verdict, fix) = Endpoint.Explain(kind, response);
        return CheckResult.Fail(step, verdict, fix);
    }
}
