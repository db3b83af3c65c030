using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>
/// Where configuration comes from, in order (later wins): <c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>
/// (both beside the executable), environment variables (<c>Pbxs__0__Name</c>), then command-line overrides
/// (<c>--Influx:Url=http://…</c>).
/// </summary>
public static class CollectorConfiguration
{
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> overrides)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
    }
}
