using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>
/// Where configuration comes from, in order (later wins): <c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>
/// (both beside the executable), environment variables (<c>Pbxs__0__Name</c>), then command-line overrides
/// (<c>--Influx:Url=http://…</c>).
/// </summary>
internal static class CollectorConfiguration
{
    /// <summary>
    /// <c>DOTNET_ENVIRONMENT</c> when set; otherwise <c>Development</c> for a Debug build (what <c>dotnet run</c> builds,
    /// so it finds the simulator through <c>appsettings.Development.json</c>) and <c>Production</c> for a Release build.
    /// </summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } name ? name
#if DEBUG
        : "Development";
#else
        : "Production";
#endif

    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> overrides)
    {
        var environment = EnvironmentName;
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>
    /// The same configuration without empty values, and with values trimmed: an empty variable (<c>Grafana__ApiToken=</c>
    /// from a compose file) counts as not set, as users expect, rather than as an empty string or a conversion error.
    /// </summary>
    public static IConfiguration WithoutEmptyValues(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable()
                .Where(entry => !string.IsNullOrWhiteSpace(entry.Value))
                .Select(entry => KeyValuePair.Create(entry.Key, (string?)entry.Value!.Trim())))
            .Build();
    }
}
