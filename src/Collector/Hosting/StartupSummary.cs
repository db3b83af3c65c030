using Collector.Configuration;
using Collector.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collector.Hosting;

/// <summary>Logs at start what the worker will do: one line per configured PBX, one for the reconciliation, one for InfluxDB and one for the state database. No secrets.</summary>
internal sealed class StartupSummary(CollectorSettings settings, ILogger<StartupSummary> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var pbx in settings.Pbxs)
        {
            if (pbx.Enabled)
                logger.LogInformation(
                    "PBX {Pbx} at {BaseUrl} as client {ClientId}, secret {Secret}: live snapshot every {LiveSnapshotInterval}, call log every {CallLogSyncInterval}",
                    pbx.Name, pbx.BaseUrl, pbx.ClientId, pbx.DescribeSecret(),
                    settings.Schedules.LiveSnapshotInterval, settings.Schedules.CallLogSyncInterval);
            else
                logger.LogInformation("PBX {Pbx} is disabled ({Key:l}:Enabled is false); not collecting from it", pbx.Name, pbx.Key);
        }
        var reconcile = settings.Reconcile;
        if (Reconcile.ReconcileJob.Runs(settings))
            logger.LogInformation("Reconciliation with 3CX's reports daily at {RunAt} UTC, the last {DaysBack} finished days (Reconcile:…)",
                reconcile.RunAt, reconcile.DaysBack);
        else if (reconcile.Enabled)
            logger.LogWarning("Reconciliation with 3CX's reports is off: it reads our points back with InfluxQL over InfluxDB's v1 API, and Influx:ApiVersion is {ApiVersion} (docs/reconciliation.md)",
                settings.Influx.ApiVersion.ToString().ToLowerInvariant());
        else
            logger.LogInformation("Reconciliation with 3CX's reports is off (Reconcile:Enabled is false); collector reconcile still works");
        var influx = settings.Influx;
        logger.LogInformation("InfluxDB at {InfluxUrl}, API {ApiVersion}, {Target}",
            influx.Url, influx.ApiVersion.ToString().ToLowerInvariant(),
            influx.ApiVersion == InfluxApiVersion.V2 ? $"org {influx.Org}, bucket {influx.Bucket}" : $"database {influx.Database}");
        logger.LogInformation("State (watermarks, checkpoints, buffered points): {State}", StateLocation.Describe(settings.State));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
