using Collector.CallLog.Sync;
using Collector.Influx.LineProtocol;
using Collector.Security;

namespace Collector.Tests.Security;

/// <summary>What reaches InfluxDB (and the outbox on its way) is bounded too: tag values and the run point's error field.</summary>
public sealed class BoundedPointTests
{
    [Fact]
    public void AHundredKilobyteQueueNameBecomesATagOfAtMostTheTagCapWithTheMark()
    {
        var point = new PointData("queue_live").Tag("pbx", "hq").Tag("queue_name", new string('Q', 100_000)).Field("waiting", 1);

        var tag = point.Tags.Single(t => t.Key == "queue_name").Value;
        Assert.Equal(OutsideText.MaxTagLength, tag.Length);
        Assert.EndsWith("…[cut, 100000 chars]", tag);
        Assert.True(LineProtocolEncoder.ToLine(point).Length < 400);
    }

    [Fact]
    public void ARunPointsErrorIsCutAndMasked()
    {
        var secrets = new SecretRegistry();
        secrets.AddToken("eyJhbGciOiJIUzI1NiJ9.payload.signature");
        var error = new InvalidOperationException("The PBX said: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature " + new string('E', 50_000));
        var result = new CallLogSyncResult("hq", 0, 0, 0, 0, null, TimeSpan.Zero, TimeSpan.FromSeconds(1), 0, error);

        var point = SyncRunRecorder.PointFor(result, DateTimeOffset.UnixEpoch, secrets);

        var field = point.Fields.Single(f => f.Key == "error").Value.AsString;
        Assert.Equal(SyncRunRecorder.MaxErrorLength, field.Length);
        Assert.Contains("Bearer ***", field);
        Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9", field);
    }
}
