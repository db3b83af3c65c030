using Collector.Influx.LineProtocol;
using Collector.Live.Points;
using Collector.Tests.Live.Support;
using Collector.ThreeCx;
using static Collector.Tests.Live.Support.LiveWorld;

namespace Collector.Tests.Live;

public sealed class LivePointsTests
{
    const long NowNs = 1_795_428_000_000_000_000; // 2026-11-23T10:00:00Z

    [Fact]
    public void ASnapshotBecomesOneQueuePointPerQueueOneAgentPointPerAgentAndOnePbxPointAllAtThePbxNow()
    {
        var snapshot = Derive(
            [Call("+4930111", "800 Sales", "Ringing", secondsAgo: 12.5, id: 1), Call("+4930222", "101 Anna Berg", "Talking", id: 2)],
            [Queue("800", "Sales", "101", "102")],
            [User("101", displayName: "Anna Berg"), User("102", profile: "Lunch")],
            new SystemStatus { ExtensionsRegistered = 2, ExtensionsTotal = 3, TrunksRegistered = 1, TrunksTotal = 1 });

        var lines = LivePoints.From("hq", snapshot, TimeSpan.FromSeconds(5)).Select(p => p.ToString()).ToList();

        Assert.Equal(
            [
                $"queue_live,pbx=hq,queue=800,queue_name=Sales waiting=1i,longest_wait_s=12.5,agents_logged_in=2i,agents_available=0i,agents_on_call=1i,agents_away=1i {NowNs}",
                $"agent_live,agent=101,agent_name=Anna\\ Berg,pbx=hq state=\"on_call\",state_code=5i,logged_in=1i,registered=1i,on_call=1i,profile=\"Available\",interval_s=5,logged_in_s=5,available_s=0,away_s=0,on_call_s=5,ringing_s=0 {NowNs}",
                $"agent_live,agent=102,agent_name=User\\ 102,pbx=hq state=\"away\",state_code=2i,logged_in=1i,registered=1i,on_call=0i,profile=\"Lunch\",interval_s=5,logged_in_s=5,available_s=0,away_s=5,on_call_s=0,ringing_s=0 {NowNs}",
                $"pbx_live,pbx=hq calls_active=2i,calls_waiting=1i,longest_wait_s=12.5,agents_total=2i,agents_logged_in=2i,agents_available=0i,agents_on_call=1i,agents_ringing=0i,agents_away=1i,agents_logged_out=0i,agents_offline=0i,extensions_registered=2i,extensions_total=3i,trunks_registered=1i,trunks_total=1i {NowNs}",
            ],
            lines);
    }

    [Fact]
    public void AnAgentWithoutAProfileHasNoProfileFieldAndUnknownSystemStatusNumbersAreLeftOut()
    {
        var snapshot = Derive([], [Queue("800", "Sales", "101")], [new XapiUser { Number = "101", DisplayName = "A", IsRegistered = false }]);

        var points = LivePoints.From("hq", snapshot);

        Assert.DoesNotContain(points[1].Fields, f => f.Key == "profile");
        Assert.DoesNotContain(points[2].Fields, f => f.Key.StartsWith("extensions", StringComparison.Ordinal) || f.Key.StartsWith("trunks", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAgentsObservedSecondsGoToItsLoggedInStateAndNotToLoggedInWhenLoggedOutOrOffline()
    {
        var snapshot = Derive([], [Queue("800", "Sales", "101", "102", "103")],
            [User("101"), User("102", queueStatus: "LoggedOut"), new XapiUser { Number = "103", DisplayName = "C", IsRegistered = false }]);

        var agents = LivePoints.From("hq", snapshot, TimeSpan.FromSeconds(4.5)).Where(p => p.Measurement == LivePoints.AgentMeasurement)
            .Select(p => p.Fields.ToDictionary(f => f.Key, f => f.Value)).ToList();

        Assert.Equal([4.5, 4.5, 4.5], agents.Select(a => a["interval_s"].AsFloat));
        Assert.Equal([4.5, 0.0, 0.0], agents.Select(a => a["logged_in_s"].AsFloat));
        Assert.Equal([4.5, 0.0, 0.0], agents.Select(a => a["available_s"].AsFloat));
    }

    [Fact]
    public void ARunPointSaysOkOrErrorWithItsCountsAtTheRunsStart()
    {
        var run = new LiveRunReport
        {
            Pbx = "hq", StartedAt = Now, Duration = TimeSpan.FromMilliseconds(41.6), Requests = 2, Points = 16, Buffered = 16,
            Dropped = 3, DroppedTotal = 7, Waiting = 4,
        };

        var ok = LiveRunPoint.From(run).ToString();
        var error = LiveRunPoint.From(run with { Points = 0, Buffered = 0, Error = "ServerError", Status = 503 }).ToString();

        Assert.Equal($"collector,job=live_snapshot,pbx=hq,result=ok duration_ms=42i,requests=2i,points=16i,buffered=16i,dropped=3i,dropped_total=7i,outbox_depth=0i,waiting=4i {NowNs}", ok);
        Assert.Equal($"collector,job=live_snapshot,pbx=hq,result=error duration_ms=42i,requests=2i,points=0i,buffered=0i,dropped=3i,dropped_total=7i,outbox_depth=0i,waiting=4i,error=\"ServerError\",status=503i {NowNs}", error);
    }

    [Fact]
    public void PointsEncodeAsOneBatchOfLineProtocol()
    {
        var snapshot = Derive([], [Queue("800", "Sales", "101"), Queue("801", "Support", "101")], [User("101")]);

        var batch = LineBatch.From(LivePoints.From("hq", snapshot));

        Assert.Equal(4, batch.Count);
    }
}
