using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Reconcile;
using Collector.ThreeCx;

namespace Collector.Tests.Reconcile;

/// <summary>
/// Each KPI counted on our side by the definition of the 3CX report it is compared with (docs/reconciliation.md), the
/// threshold that applied, 3CX's abandoned-calls rows grouped into calls, the failure policy of the reports and the
/// <c>queue_reconcile</c> point.
/// </summary>
public sealed class ReconcileDefinitionTests
{
    static readonly TimeSpan T = TimeSpan.FromSeconds(20);

    static OurPassage Answered(double wait) => new(wait, Answered: true, Abandoned: false, ShortAbandon: false, null);
    static OurPassage Abandoned(double wait, bool shortAbandon = false) => new(wait, Answered: false, Abandoned: true, shortAbandon, null);
    static OurPassage Overflowed(double wait) => new(wait, Answered: false, Abandoned: false, ShortAbandon: false, null);

    [Fact]
    public void ShortAbandonsAreLeftOutOfReceivedAndAbandonedAsWithAWaitIntervalOfSButCountInTheSlaReportsReceived()
    {
        var figures = OurFigures.Of([Answered(4), Abandoned(2.5, shortAbandon: true), Abandoned(30)], T);

        Assert.Equal(2, figures[ReconcileKpis.Received]);
        Assert.Equal(1, figures[ReconcileKpis.Abandoned]);
        Assert.Equal(30, figures[ReconcileKpis.AbandonedWaitSeconds]);
        Assert.Equal(3, figures[ReconcileKpis.SlaReceived]);
    }

    [Fact]
    public void AnOverflowedPassageIsReceivedInTheQueueItLeftButNeverAnsweredAbandonedOrABadSlaCall()
    {
        var figures = OurFigures.Of([Overflowed(150)], T);

        Assert.Equal((1m, 1m, 0m, 0m, 0m), (figures[ReconcileKpis.Received], figures[ReconcileKpis.SlaReceived],
            figures[ReconcileKpis.Answered], figures[ReconcileKpis.Abandoned], figures[ReconcileKpis.BadSla]));
    }

    [Fact]
    public void BadSlaCountsAnsweredAndAbandonedPassagesThatWaitedLongerThanTAndAWaitOfExactlyTIsNotBad()
    {
        var figures = OurFigures.Of([Answered(20), Answered(20.000001), Abandoned(25), Abandoned(19)], T);

        Assert.Equal(2, figures[ReconcileKpis.BadSla]);
        Assert.Equal(1, OurFigures.Of([Answered(20.000001), Answered(26)], TimeSpan.FromSeconds(25))[ReconcileKpis.BadSla]);
    }

    [Fact]
    public void WaitsAreSummedToTheTickSoEqualDataDiffersByExactlyZero()
    {
        var waits = Enumerable.Range(1, 2000).Select(i => 0.1 + i * 0.0000013 + i % 97).ToList();

        var ours = OurFigures.Of(waits.Select(Answered).ToList(), T)[ReconcileKpis.AnsweredWaitSeconds];
        var theirs = OurFigures.Seconds(waits.Sum(w => TimeSpan.FromTicks((long)Math.Round(w * TimeSpan.TicksPerSecond)).Ticks));

        Assert.Equal(0m, ours - theirs);
    }

    [Fact]
    public void TheThresholdIsTheLargestSlThresholdOfTheQueuesPassagesThatDayElseTheConfiguredOne()
    {
        var sla = new SlaOptions { ThresholdSeconds = 20 };

        Assert.Equal(TimeSpan.FromSeconds(20), SlaThreshold.For([Answered(3), Abandoned(9)], sla));
        Assert.Equal(TimeSpan.FromSeconds(20), SlaThreshold.For([], sla));
        Assert.Equal(TimeSpan.FromSeconds(45), SlaThreshold.For(
            [Answered(3) with { SlThresholdSeconds = 30 }, Answered(3) with { SlThresholdSeconds = 45 }, Answered(3)], sla));
    }

    [Fact]
    public void AbandonedCallRowsOfOnePolledAgentEachAreOneCallWithTheWaitOfItsFirstRow()
    {
        var start = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        AbandonedQueueCall[] rows =
        [
            new() { CallHistoryId = "a", CallTime = start, WaitTime = TimeSpan.FromSeconds(31.5), ExtensionDn = "101" },
            new() { CallHistoryId = "a", ExtensionDn = "102" },
            new() { CallHistoryId = "b", CallTime = start.AddMinutes(5), WaitTime = TimeSpan.FromSeconds(8) },
            // A PBX that leaves the id out: a row with a CallTime starts a call, the rows after it are its polled agents.
            new() { CallTime = start.AddMinutes(9), WaitTime = TimeSpan.FromSeconds(12), ExtensionDn = "101" },
            new() { ExtensionDn = "103" },
            new() { CallTime = start.AddMinutes(11), WaitTime = TimeSpan.FromSeconds(6) },
        ];

        var calls = AbandonedCalls.Group(rows);

        Assert.Equal([31.5, 8, 12, 6], calls.Select(c => TimeSpan.FromTicks(c.Ticks).TotalSeconds));
    }

    [Theory]
    [InlineData(XapiFailureKind.EndpointNotFound, 404, true, "is missing on this PBX (404")]
    [InlineData(XapiFailureKind.Forbidden, 403, true, "is forbidden to the API client (403")]
    [InlineData(XapiFailureKind.RateLimited, 429, true, "was rate-limited by the PBX (429")]
    [InlineData(XapiFailureKind.ServerError, 500, false, "could not be read (ServerError, HTTP 500)")]
    public void AReportThePbxDoesNotGiveIsAWarningAndAnythingElseAnError(XapiFailureKind kind, int status, bool warning, string reason)
    {
        var severity = warning ? ReportFailureSeverity.Warning : ReportFailureSeverity.Error;
        var failure = new XapiException(kind, "The PBX said: <script>…", "/xapi/v1/ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData(…)", status, "<script>…");

        var unavailable = ReportFailures.Classify(ThreeCxReport.AbandonedQueueCalls, failure);

        Assert.Equal((severity, status), (unavailable.Severity, unavailable.Status));
        Assert.StartsWith($"ReportAbandonedQueueCalls {reason}", unavailable.Describe(), StringComparison.Ordinal);
        Assert.EndsWith(": abandoned, abandoned_wait_s not compared.", unavailable.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain("script", unavailable.Describe(), StringComparison.Ordinal);   // never the PBX's own text
    }

    [Fact]
    public void EachComparisonIsAQueueReconcilePointStampedAtTheDaysStartWithOursTheirsAndTheDifference()
    {
        var day = ReportingDays.Of(new DateOnly(2026, 11, 24));
        var comparison = new KpiComparison("hq", "801", day, ReconcileKpis.AbandonedWaitSeconds, 120.5m, 123m);

        var line = LineProtocolEncoder.ToLine(comparison.ToPoint());

        Assert.Equal($"queue_reconcile,kpi=abandoned_wait_s,pbx=hq,queue=801 ours=120.5,theirs=123,difference=-2.5 {UnixTime.Nanoseconds(day.Start)}", line);
        Assert.True(comparison.Differs);
    }

    [Fact]
    public void OnlyTheKpisOf3CxsReportsThatWereReadAreCompared()
    {
        var day = ReportingDays.Of(new DateOnly(2026, 11, 24));
        var ours = OurFigures.Of([Answered(4)], T);
        var theirs = new Dictionary<string, decimal> { [ReconcileKpis.Received] = 1, [ReconcileKpis.Answered] = 1 };

        var compared = KpiComparison.Of("hq", "800", day, ours, theirs).ToList();

        Assert.Equal([ReconcileKpis.Received, ReconcileKpis.Answered], compared.Select(c => c.Kpi));
        Assert.All(compared, c => Assert.Equal(0, c.Difference));
    }
}
