using Collector.Configuration;
using Collector.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collector.Hosting;

/// <summary>
/// The worker: a Generic Host with the collector's services (<see cref="CollectorServices.AddCollectorCore"/>) and its
/// scheduled jobs (<see cref="CollectorJobs.AddCollectorJobs"/>).
/// </summary>
internal static class WorkerHost
{
    public static IHost Build(IConfiguration configuration, CollectorSettings settings, HostHooks hooks)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,   // configuration comes from CollectorConfiguration, logging from Serilog
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddCollectorJobs(settings);
        builder.Services.AddCollectorCore(builder.Configuration, hooks, CollectorLogging.Configured);
        return builder.Build();
    }

    /// <summary>
    /// Builds the worker and runs it until <paramref name="cancellationToken"/> is cancelled. The options and the state database are
    /// checked before the host starts, so a bad value or an unwritable state folder ends in one line
    /// (<see cref="ConfigurationException"/>, <see cref="StateUnavailableException"/>) rather than a stack trace or a loop of errors.
    /// A state database lost or corrupted while the worker runs stops it (<see cref="StateWatchService"/>) with the same kind of line.
    /// </summary>
    public static async Task RunAsync(IConfiguration configuration, CollectorSettings settings, HostHooks hooks, CancellationToken cancellationToken)
    {
        using var host = Build(configuration, settings, hooks);
        CollectorOptions.Validate(host.Services);
        var state = host.Services.GetRequiredService<StateStore>();
        await StatePreflight.VerifyAsync(state, settings.State, hooks.Time, cancellationToken);
        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while the host was still starting.
        }
        if (state.Health.FatalError is { } fatal)
            throw fatal;
    }
}
