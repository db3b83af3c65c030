using System.Buffers;
using System.Text;
using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;
using Microsoft.Extensions.Logging.Abstractions;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

/// <summary>
/// The call points' lines written straight from the calls (<see cref="CallLines"/>, what the window writer sends) are
/// byte for byte the lines <see cref="LineProtocolEncoder"/> writes for the points <see cref="CallPoints"/> builds, and
/// replace as many characters, whatever the names hold.
/// </summary>
public sealed class CallLinesTests
{
    static readonly KpiSettings Kpi = GoldenFileTests.Kpi;

    /// <summary>Names line protocol must escape, cannot carry, or that are longer than a tag value may be.</summary>
    public static TheoryData<string> TrickyNames() =>
    [
        "Sales",
        "trailing\\",
        "back\\ slash\\,comma\\=equals",
        "a,b c=d",
        "tab\there",
        "line\r\nbreak",
        "\"quoted\"",
        "emoji 📞 ü é 北京",
        "lone \ud800 surrogate",
        "\u0000nul",
        new string('x', 300),
        new string('ü', 200) + "\\",
        " ",
    ];

    [Theory]
    [MemberData(nameof(TrickyNames))]
    public void LinesWrittenStraightFromACallEqualThoseOfItsPoints(string name)
    {
        var id = "c-" + name;
        var calls = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance).Normalise(
        [
            Ivr(id, 0, 10),
            Queue(id, 10, 8, answered: true, dn: "800", name: name),
            Agent(id, 10, 6, 0, dn: "102", display: name),
            Agent(id, 14, 4, 95, display: name),
            Queue("u-" + name, 30, 40, answered: false, name: name),
            Outbound("o-" + name, 50, 3, 20),
        ]);

        AssertSameLines("hq\\" + name, calls);
    }

    [Fact]
    public void LinesOfEveryGoldenFileCaseEqualThoseOfTheirPoints()
    {
        var cases = Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "TestData", "CallLog"));
        Assert.NotEmpty(cases);
        foreach (var dir in cases)
        {
            var page = Collector.ThreeCx.Json.CallLogPageReader.Read(File.ReadAllBytes(Path.Combine(dir, "rows.json")));
            var calls = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance).Normalise(page.Entries.Where(e => e.Row is not null).Select(e => e.Row!));
            AssertSameLines(GoldenFileTests.Pbx, calls);
        }
    }

    [Fact]
    public void StampedPointsCarryTheTimestampsOfThePointsBuiltForTheSameWrite()
    {
        // Two calls whose points start in the same millisecond: one of them is moved to another slot, alike on both paths.
        var calls = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance).Normalise(
            [Ivr("a", 0, 10), Queue("a", 10, 8, answered: false), Ivr("b", 0, 12), Queue("b", 10, 9, answered: false)]);

        var compact = CallPoints.Stamp(calls).Points.Select(p => p.TimestampNs);
        var built = CallPoints.For("hq", calls, Kpi).Select(p => p.TimestampNs!.Value);

        Assert.Equal(built, compact);
    }

    static void AssertSameLines(string pbx, IReadOnlyList<NormalisedCall> calls)
    {
        Assert.NotEmpty(calls);
        var stamped = CallPoints.Stamp(calls);
        var direct = new ArrayBufferWriter<byte>();
        var directReplaced = 0;
        foreach (var point in stamped.Points)
            directReplaced += point.WriteLine(pbx, Kpi, direct);

        var points = CallPoints.For(pbx, calls, Kpi);
        var encoded = new ArrayBufferWriter<byte>();
        var encodedReplaced = LineProtocolEncoder.Write(points, encoded);

        Assert.Equal(Encoding.UTF8.GetString(encoded.WrittenSpan), Encoding.UTF8.GetString(direct.WrittenSpan));
        Assert.True(encoded.WrittenSpan.SequenceEqual(direct.WrittenSpan));
        Assert.Equal(encodedReplaced, directReplaced);
        Assert.Equal(points.Count, stamped.Points.Length);
    }
}
