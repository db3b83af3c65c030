using Collector.Configuration;

namespace Collector.Diagnostics.Influx;

/// <summary>What an InfluxDB error answer means and how to fix it, in plain words.</summary>
internal static class InfluxAdvice
{
    public static CheckResult ForAnswer(string step, InfluxAnswer answer, InfluxOptions options, string action) => answer.Status switch
    {
        401 => CheckResult.Fail(step, $"InfluxDB refused the credentials when asked to {action} (401: {answer.ErrorText}).",
            options.ApiVersion == InfluxApiVersion.V1
                ? "Set Influx__Username and Influx__Password to an InfluxDB user (or Influx__Token for a token)."
                : "Set Influx__Token (or Influx__TokenFile) to a valid InfluxDB API token."),
        403 => CheckResult.Fail(step, $"InfluxDB does not allow this user to {action} (403: {answer.ErrorText}).",
            options.ApiVersion == InfluxApiVersion.V1
                ? $"Grant the user ALL on database {options.Database} (GRANT ALL ON \"{options.Database}\" TO \"user\")."
                : "Give the token read and write permission on the bucket."),
        404 when options.ApiVersion != InfluxApiVersion.V1 && !answer.Body.TrimStart().StartsWith('{') =>
            CheckResult.Fail(step, $"InfluxDB has no {options.ApiVersion.ToString().ToLowerInvariant()} API here (404).",
                "Set Influx__ApiVersion to the server's API: v1 for InfluxDB 1.x, v2 for 2.x, v3 for InfluxDB 3."),
        404 => CheckResult.Fail(step, $"InfluxDB could not {action}: {answer.ErrorText} (404).",
            options.ApiVersion == InfluxApiVersion.V2
                ? $"Create bucket {options.Bucket} in org {options.Org}, or correct Influx__Org and Influx__Bucket."
                : $"Create database {options.Database} or correct Influx__Database."),
        _ => CheckResult.Fail(step, $"InfluxDB answered {answer.Status} when asked to {action}: {answer.ErrorText}",
            "Check InfluxDB's own log for the cause."),
    };

    public static CheckResult ForException(string step, Exception ex, InfluxOptions options, TimeSpan timeout)
        => CheckResult.Fail(step, $"Cannot reach InfluxDB at {options.Url}: {NetworkFailure.Describe(ex, timeout)}.",
            "Start InfluxDB (Debian: apt-get install influxdb; Docker: docker compose up -d influxdb) or correct Influx__Url.");
}
