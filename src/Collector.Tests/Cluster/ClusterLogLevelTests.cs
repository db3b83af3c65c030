using Collector.Testing;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Collector.Tests.Cluster;

/// <summary>
/// The shipped <c>appsettings.json</c> keeps Quartz at Warning, except its ADO.NET job store, whose cluster recovery
/// ("ClusterManager: detected 1 failed or restarted instances", "Scanning for instance …'s failed in-progress jobs") an
/// operator needs to see after a node died.
/// </summary>
public sealed class ClusterLogLevelTests
{
    [Theory]
    [InlineData("Quartz.Impl.AdoJobStore.ClusterManager", true)]
    [InlineData("Quartz.Impl.AdoJobStore.AdoJobStoreBase", true)]
    [InlineData("Quartz.Core.QuartzSchedulerThread", false)]
    [InlineData("Quartz.Impl.StdSchedulerFactory", false)]
    public void TheShippedSettingsLogClusterRecoveryAtInformationAndTheRestOfQuartzOnlyFromWarning(string category, bool information)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf("src/Collector/appsettings.json")).Build();
        using var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();

        var forCategory = logger.ForContext(Constants.SourceContextPropertyName, category);

        Assert.Equal(information, forCategory.IsEnabled(LogEventLevel.Information));
        Assert.True(forCategory.IsEnabled(LogEventLevel.Warning));
    }
}
