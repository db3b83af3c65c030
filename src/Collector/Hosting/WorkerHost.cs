using Collector.Cli;
using Collector.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Collector.ThreeCx;
using Quartz;

namespace Collector.Hosting;

/// <summary>
/// The worker: a Generic Host with Serilog, the validated settings, the XAPI client (options <c>Xapi:…</c>, validated
/// at start) and Quartz running the collection jobs (<see cref="CollectionJobs.AddCollectionJobs"/>).
/// </summary>
internal static class WorkerHost
{
    public static IHost Build(IConfiguration configuration, CollectorSettings settings, CliContext context)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,   // configuration comes from CollectorConfiguration, logging from Serilog
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddCollectorLogging(configuration, context.ConfigureLogging);
        builder.Services.AddCollectorSettings(settings);
        builder.Services.AddSingleton(context.Time);
        builder.Services.AddXapiClient(configuration.GetSection(XapiOptions.SectionName));
        builder.Services.AddQuartz(quartz => quartz.AddCollectionJobs(settings));
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<StartupSummary>();
        context.ConfigureServices?.Invoke(builder.Services);
        return builder.Build();
    }
}
