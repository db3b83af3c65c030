using Collector.Cluster;
using Collector.Live;
using Quartz;

namespace Collector.Tests.Cluster;

public sealed class DeclaredJobsTests
{
    [Fact]
    public void AStoredJobTheConfigurationNoLongerDeclaresIsStaleAndADeclaredOneIsNot()
    {
        var declared = new DeclaredJobs([new JobKey("calllog-sync-main", "calllog"), new JobKey("live-snapshot-main", "live")]);

        var stale = declared.StaleAmong([new JobKey("live-snapshot-old", "live"), new JobKey("live-snapshot-main", "live"), new JobKey("reconcile-main", "reconcile"), new JobKey("calllog-sync-main", "calllog")]);

        Assert.Equal([new JobKey("live-snapshot-old", "live"), new JobKey("reconcile-main", "reconcile")], stale);
    }

    [Theory]
    [InlineData(2_000L)]
    [InlineData(2_000)]
    public void TheLiveJobReadsItsIntervalWhetherTheStoreGivesItBackAsALongOrAsAnInt(object stored)
    {
        // The in-memory store gives back the long the job was scheduled with; the persistent store's JSON an int.
        var data = new JobDataMap { [LiveSnapshotJob.IntervalKey] = stored };

        Assert.Equal(TimeSpan.FromSeconds(2), LiveSnapshotJob.IntervalIn(data));
    }
}
