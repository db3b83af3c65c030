using Collector.Diagnostics;
using Collector.Diagnostics.Pbx;
using Collector.Tests.Support;

namespace Collector.Tests.Diagnostics;

public sealed class ClockStepTests : IAsyncLifetime
{
    readonly PbxContexts _contexts = new();
    SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        _contexts.Dispose();
    }

    /// <summary>
    /// This machine's clock, shifted: the PBX (the simulator's HTTP Date header) keeps real time. The shifted clock runs
    /// on (it is not frozen), so a request that is slow on a loaded machine does not add its duration to the skew.
    /// </summary>
    Task<CheckResult> CheckWithLocalClockShiftedBy(TimeSpan shift) =>
        new ClockStep().RunAsync(_contexts.For(_sim.BaseUrl, new ShiftedClock(shift)), CancellationToken.None);

    sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }

    const string InUtc = "Reports use Reporting:TimeZone UTC (UTC+00:00 now).";

    [Theory]
    [InlineData("Australia/Perth", "2026-03-29T12:00:00Z", "Reports use Reporting:TimeZone Australia/Perth (UTC+08:00 now).")]
    [InlineData("Europe/Berlin", "2026-03-29T00:59:59Z", "Reports use Reporting:TimeZone Europe/Berlin (UTC+01:00 now).")]
    [InlineData("Europe/Berlin", "2026-03-29T01:00:00Z", "Reports use Reporting:TimeZone Europe/Berlin (UTC+02:00 now).")]
    [InlineData("America/St_Johns", "2026-01-15T12:00:00Z", "Reports use Reporting:TimeZone America/St_Johns (UTC-03:30 now).")]
    public void TheClockStepShowsTheReportsTimeZoneAndItsOffsetNow(string zone, string now, string expected) =>
        Assert.Equal(expected, ClockStep.ReportingTime(TimeZoneInfo.FindSystemTimeZoneById(zone), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task TheClockVerdictNamesTheConfiguredZone()
    {
        var context = _contexts.For(_sim.BaseUrl, TimeProvider.System);
        context.ReportingZone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Perth");

        var result = await new ClockStep().RunAsync(context, CancellationToken.None);

        Assert.EndsWith(" Reports use Reporting:TimeZone Australia/Perth (UTC+08:00 now).", result.Verdict);
    }

    [Fact]
    public async Task ClocksThatAgreePass()
    {
        var result = await CheckWithLocalClockShiftedBy(TimeSpan.Zero);

        Assert.Equal(new CheckResult("clock", CheckOutcome.Pass, "The PBX's clock agrees with this machine's. " + InUtc), result);
    }

    [Fact]
    public async Task AMinuteOfSkewIsAWarningThatSaysNtp()
    {
        var result = await CheckWithLocalClockShiftedBy(TimeSpan.FromSeconds(-90));

        Assert.Equal(CheckOutcome.Warn, result.Outcome);
        Assert.Matches("^The PBX's clock is (89|90|91) seconds ahead of this machine's. Reports use Reporting:TimeZone UTC \\(UTC\\+00:00 now\\)\\.$", result.Verdict);
        Assert.Contains("NTP", result.Fix);
    }

    [Fact]
    public async Task TenMinutesOfSkewFailsAndSaysWhatWouldGoWrong()
    {
        var result = await CheckWithLocalClockShiftedBy(TimeSpan.FromMinutes(10));

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("The PBX's clock is 10 minutes behind this machine's. Live waiting times and the times of live points would be wrong (the call-log sync follows the PBX's clock and loses no call, but warns). " + InUtc, result.Verdict);
        Assert.StartsWith("Keep both clocks right with NTP: on this machine run `timedatectl set-ntp true`", result.Fix);
    }

    [Fact]
    public async Task APbxThatCannotBeReachedSkipsTheClockInsteadOfWarning()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var result = await new ClockStep().RunAsync(_contexts.For(closed, TimeProvider.System), CancellationToken.None);

        Assert.Equal(CheckOutcome.Skipped, result.Outcome);
        Assert.StartsWith("skipped: the PBX could not be reached to read its clock (connection refused", result.Verdict);
    }
}
