using Collector.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog;

namespace Collector.Hosting;

/// <summary>Registration of the settings and the logging shared by the worker and the command line.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the validated settings as singletons and as <see cref="IOptions{TOptions}"/> for each section, so
    /// library code can take <c>IOptions&lt;SlaOptions&gt;</c> or the whole <see cref="CollectorSettings"/>.
    /// </summary>
    public static IServiceCollection AddCollectorSettings(this IServiceCollection services, CollectorSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(Options.Create(settings.Influx));
        services.AddSingleton(Options.Create(settings.State));
        services.AddSingleton(Options.Create(settings.Sla));
        services.AddSingleton(Options.Create(settings.Schedules));
        return services;
    }

    /// <summary>
    /// Serilog as the logging provider, configured from the <c>Serilog</c> section (sinks, levels); when that names
    /// no sink, log to the console.
    /// </summary>
    public static IServiceCollection AddCollectorLogging(
        this IServiceCollection services, IConfiguration configuration, Action<LoggerConfiguration>? extra = null)
    {
        return services.AddSerilog(logger =>
        {
            logger.ReadFrom.Configuration(configuration);
            if (!configuration.GetSection("Serilog:WriteTo").GetChildren().Any() && extra is null)
                logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            extra?.Invoke(logger);
        });
    }
}
