using System.Globalization;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Influx.Writing;
using Collector.Live;
using Collector.Reconcile;
using Collector.Security;
using Collector.State;
using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;
using Serilog.Events;

namespace Collector.Hosting;

/// <summary>How much a verb logs: the worker as configured, a verb with its own output only warnings, <c>check</c> nothing.</summary>
internal enum CollectorLogging
{
    /// <summary>The <c>Serilog</c> section's sinks and levels; the console when it names no sink.</summary>
    Configured,
    /// <summary>Warnings and errors on standard error (the verb's own output is on standard output).</summary>
    WarningsToStandardError,
    /// <summary>No log sink (plain Microsoft logging without providers): the verb's report says it all; tests may add providers.</summary>
    Silent,
}

/// <summary>The one place that registers the collector's services, for the worker and every verb.</summary>
internal static class CollectorServices
{
    /// <summary>
    /// Registers the configuration, the validated options (<see cref="CollectorOptions"/>), the known secrets
    /// (<see cref="SecretRegistry"/>: the configured ones, and each access token as it is obtained), the clock, logging
    /// (every sink behind the <see cref="RedactingSink"/>), the XAPI client, the InfluxDB writer, the state store with
    /// the outbox flusher, the call-log pipeline, the live snapshot services and the reconciliation with 3CX's reports;
    /// then <paramref name="hooks"/>' extra services.
    /// </summary>
    public static IServiceCollection AddCollectorCore(
        this IServiceCollection services, IConfiguration configuration, HostHooks hooks, CollectorLogging logging)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(hooks);
        services.TryAddSingleton(configuration);
        services.AddCollectorOptions();
        services.TryAddSingleton(provider => SecretRegistry.For(provider.GetRequiredService<CollectorSettings>()));
        services.AddSingleton(hooks.Time);
        services.AddCollectorLogging(configuration, logging, hooks.ConfigureLogging);
        services.AddXapiClient();
        services.AddInfluxWriter();
        services.AddStateStore();
        services.AddCallLogPipeline();
        services.AddLiveSnapshots();
        services.AddReconciliation();
        hooks.ConfigureServices?.Invoke(services);
        return services;
    }

    /// <summary>
    /// Serilog as the <c>Serilog</c> section says, in two halves: its levels, overrides, enrichers and filters decide
    /// which events are logged; every sink it names (and <paramref name="extra"/>'s, the tests') sits behind one
    /// <see cref="RedactingSink"/>, which masks secrets and enforces <see cref="LogLimits"/> on each event first.
    /// </summary>
    static void AddCollectorLogging(this IServiceCollection services, IConfiguration configuration, CollectorLogging logging, Action<LoggerConfiguration>? extra)
    {
        if (logging == CollectorLogging.Silent)
        {
            services.AddLogging();
            return;
        }
        var hasSink = configuration.GetSection("Serilog:WriteTo").GetChildren().Any();
        services.AddSerilog((provider, logger) =>
        {
            logger.ReadFrom.Configuration(SerilogSettings(configuration, sinks: false));
            if (logging == CollectorLogging.WarningsToStandardError)
                logger.MinimumLevel.Warning();

            var sinks = new LoggerConfiguration().MinimumLevel.Verbose().ReadFrom.Configuration(SerilogSettings(configuration, sinks: true));
            if (!hasSink && extra is null)
            {
                if (logging == CollectorLogging.WarningsToStandardError)
                    sinks.WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: CultureInfo.InvariantCulture);
                else
                    sinks.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture);
            }
            extra?.Invoke(sinks);
            logger.WriteTo.Sink(new RedactingSink(sinks.CreateLogger(), provider.GetRequiredService<SecretRegistry>()));
        });
    }

    /// <summary>The <c>Serilog</c> section with only its sinks (<c>WriteTo</c>, <c>AuditTo</c>), or with everything but them; <c>Using</c> in both.</summary>
    static IConfiguration SerilogSettings(IConfiguration configuration, bool sinks) =>
        new ConfigurationBuilder().AddInMemoryCollection(configuration.GetSection("Serilog").AsEnumerable()
                .Where(entry => entry.Value is not null)
                .Where(entry => IsUnder(entry.Key, "Serilog:Using") || (IsUnder(entry.Key, "Serilog:WriteTo") || IsUnder(entry.Key, "Serilog:AuditTo")) == sinks))
            .Build();

    static bool IsUnder(string key, string section) =>
        key.Equals(section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase);
}
