using System.Text;
using System.Text.Json;
using Collector.CallLog.Normalisation;
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.ThreeCx;
using Collector.ThreeCx.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Tests.CallLog.Normalisation;

/// <summary>
/// Telegraf-style golden files: each folder under TestData/CallLog holds a recorded <c>GetCallLogData</c> page
/// (<c>rows.json</c>) and the exact line protocol it must become (<c>expected.lp</c>) for PBX <c>hq</c>, T = 20 s,
/// S = 5 s, AbandonsNegative. <c>UPDATE_GOLDEN=1 dotnet test …</c> rewrites the expected files in the source tree;
/// read the diff before committing: the expected files are the specification.
/// </summary>
public sealed class GoldenFileTests
{
    public const string Pbx = "hq";
    internal static readonly KpiSettings Kpi = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5), SlaFormula.AbandonsNegative);

    static readonly string[] RequiredCases =
    [
        "answered", "abandoned", "short-abandon", "overflow-two-queues", "transfer", "ivr-only", "outbound", "internal",
        "pre-20.0.6", "omitted-fields", "real-sample", "gap-answered", "gap-transfer", "gap-second-queue",
    ];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(OutputRoot).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RecordedRowsBecomeExactlyTheExpectedLineProtocol(string name)
    {
        var actual = Encode(Path.Combine(OutputRoot, name, "rows.json"));
        var expectedPath = Path.Combine(SourceRoot(), name, "expected.lp");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(expectedPath, actual);

        Assert.True(File.Exists(expectedPath), $"{name}: no expected.lp (run once with UPDATE_GOLDEN=1, then check it by hand)");
        var expected = File.ReadAllText(expectedPath);
        if (expected != actual)
            Assert.Fail($"{name}: line protocol differs from {expectedPath}\n{LineDiff(expected, actual)}");
    }

    [Fact]
    public void EveryRequiredCaseHasRowsAndExpectedLineProtocol()
    {
        foreach (var name in RequiredCases)
        {
            Assert.True(File.Exists(Path.Combine(OutputRoot, name, "rows.json")), $"missing case {name}/rows.json");
            Assert.True(File.Exists(Path.Combine(SourceRoot(), name, "expected.lp")), $"missing case {name}/expected.lp");
        }
    }

    /// <summary>Deserialises a page as the XAPI client does, normalises it, and encodes every call's points.</summary>
    public static string Encode(string rowsJsonPath)
    {
        var page = JsonSerializer.Deserialize(File.ReadAllBytes(rowsJsonPath), XapiJsonContext.Default.ODataCollectionCallLogRow)
                   ?? throw new InvalidDataException($"{rowsJsonPath} is empty");
        var normaliser = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance);
        var calls = normaliser.Normalise(page.Value ?? []);
        return LineProtocolEncoder.ToText(CallPoints.For(Pbx, calls, Kpi)); // one page, one write
    }

    static string OutputRoot => Path.Combine(AppContext.BaseDirectory, "TestData", "CallLog");

    static string SourceRoot() => RepositoryFiles.PathOf("src/Collector.Tests/TestData/CallLog");

    /// <summary>The lines only one side has, each with its line number, then both texts' line counts.</summary>
    static string LineDiff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var text = new StringBuilder();
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "(none)";
            var right = i < a.Length ? a[i] : "(none)";
            if (left == right) continue;
            text.Append("line ").Append(i + 1).Append('\n')
                .Append("  expected: ").Append(left).Append('\n')
                .Append("  actual:   ").Append(right).Append('\n');
        }

        return text.Append($"({e.Length - 1} expected lines, {a.Length - 1} actual)").ToString();
    }
}
