using Collector.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collector.Hosting;

/// <summary>
/// The worker: a Generic Host with the collector's services (<see cref="CollectorServices.AddCollectorCore"/>) and its
/// scheduled jobs (<see cref="CollectorJobs.AddCollectorJobs"/>).
/// </summary>
public static class WorkerHost
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
}
