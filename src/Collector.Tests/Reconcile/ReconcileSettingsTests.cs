using Collector.Configuration;
using Collector.Reconcile;
using Collector.Tests.Configuration;

namespace Collector.Tests.Reconcile;

/// <summary>The <c>Reconcile</c> section: documented defaults, read like every other section, and the days a daily run compares.</summary>
public sealed class ReconcileSettingsTests
{
    static readonly ReconcileOptions Defaults = new();

    [Fact]
    public void TheDefaultsAreOnDailyAtThreeUtcSevenDaysBackAndAnHourToSettle()
    {
        var settings = SettingsReaderTests.Read(SettingsReaderTests.OnePbx());

        Assert.True(settings.Reconcile.Enabled);
        Assert.Equal(TimeSpan.FromHours(3), settings.Reconcile.RunAt);
        Assert.Equal(7, settings.Reconcile.DaysBack);
        Assert.Equal(TimeSpan.FromHours(1), settings.Reconcile.SettleDelay);
        Assert.Equal("0 0 3 * * ?", ReconcileJob.CronFor(settings.Reconcile.RunAt));
    }

    [Fact]
    public void EveryKeyIsReadFromTheConfiguration()
    {
        var values = SettingsReaderTests.OnePbx();
        values["Reconcile:Enabled"] = "false";
        values["Reconcile:RunAt"] = "05:30:15";
        values["Reconcile:DaysBack"] = "14";
        values["Reconcile:SettleDelay"] = "02:00:00";

        var reconcile = SettingsReaderTests.Read(values).Reconcile;

        Assert.Equal((false, new TimeSpan(5, 30, 15), 14, TimeSpan.FromHours(2)), (reconcile.Enabled, reconcile.RunAt, reconcile.DaysBack, reconcile.SettleDelay));
        Assert.Equal("15 30 5 * * ?", ReconcileJob.CronFor(reconcile.RunAt));
    }

    [Fact]
    public void ADailyRunComparesTheLastSevenFinishedDaysOldestFirst()
    {
        var now = new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

        var days = ReconcileSchedule.DaysToCheck(now, now.AddMinutes(-2), Defaults);

        Assert.Equal(Enumerable.Range(19, 7).Select(d => new DateOnly(2026, 11, d)), days);
    }

    [Fact]
    public void YesterdayIsLeftOutUntilItHasSettledForAnHour()
    {
        var justAfterMidnight = new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero);

        var days = ReconcileSchedule.DaysToCheck(justAfterMidnight, justAfterMidnight, Defaults);

        Assert.Equal(new DateOnly(2026, 11, 24), days[^1]);
        Assert.Equal(7, days.Count);
    }

    [Fact]
    public void DaysTheCallLogSyncHasNotPassedAreLeftOutAndWithoutAWatermarkNoDayIsCompared()
    {
        var now = new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);
        var behind = new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);   // the sync is stuck in the 24th

        Assert.Equal(new DateOnly(2026, 11, 23), ReconcileSchedule.DaysToCheck(now, behind, Defaults)[^1]);
        Assert.Equal(new DateOnly(2026, 11, 19), ReconcileSchedule.DaysToCheck(now, behind, Defaults)[0]);
        Assert.Empty(ReconcileSchedule.DaysToCheck(now, null, Defaults));
        Assert.Empty(ReconcileSchedule.DaysToCheck(now, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), Defaults));
    }

    [Fact]
    public void ADayIsAUtcDayAnd3CxIsAskedUpToItsLastMicrosecond()
    {
        var day = ReportingDays.Of(new DateOnly(2026, 11, 24));

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), day.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), day.End);
        Assert.Equal("2026-11-24T23:59:59.999999Z", Collector.ThreeCx.OData.ODataLiteral.Of(day.LastMicrosecond).Text);
        Assert.Equal(new DateOnly(2026, 11, 24), ReportingDays.Containing(new DateTimeOffset(2026, 11, 25, 0, 30, 0, TimeSpan.FromHours(2))));
        Assert.True(ReportingDays.IsFinished(day.Date, day.End.AddHours(1), TimeSpan.FromHours(1)));
        Assert.False(ReportingDays.IsFinished(day.Date, day.End.AddMinutes(59), TimeSpan.FromHours(1)));
    }
}
