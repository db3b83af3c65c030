using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Collector.CallLog.Normalisation;
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.ThreeCx;
using Collector.ThreeCx.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SimRow = Simulator.Xapi.CallLog.CallLogRow;
using SimRowWriter = Simulator.Xapi.CallLog.CallLogRowWriter;

namespace Collector.Tests.ThreeCx;

/// <summary>
/// Malformed call-log pages, mutated from pages the simulator's own row writer produces (truncation, wrong types, huge
/// numbers, bad dates and durations, nulls, lone surrogates, a byte-order mark, deep nesting, duplicate keys), through
/// the page reader and the normaliser down to line protocol: never an unhandled exception, and every row that was not
/// mutated is read exactly as from a clean page. Seeded: set <c>CALLLOG_FUZZ_SEED</c> to replay a failure; the seed and
/// the failing page are in the failure message. In-process (no HTTP), a few seconds.
/// </summary>
[Trait("Category", "Slow")]
public class CallLogFuzzTests
{
    const int Pages = 10_000;
    const int DefaultSeed = 20261130;
    static readonly KpiSettings Kpi = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5), SlaFormula.AbandonsNegative);

    static readonly string[] Fields = SimRowWriter.Properties.Append("actionDnDn").ToArray();

    static readonly string[] BadTexts =
    [
        "9999-12-31T23:59:59Z", "2262-04-12T00:00:00Z", "0001-01-01T00:00:00+14:00", "1969-12-31T23:59:59Z", "2026-02-30T10:00:00Z",
        "P10675199D", "-P10675199D", "PT99999999999999999999S", "P1Y", "PT", "", " ", "PT1M12.577027S", "2026-09-13T18:11:27Z",
        "true", "1e308", "@@SURROGATE@@", "Anna @@SURROGATE@@ Berg", "\u0000\u001f", new string('x', 5000),
    ];

    static readonly string[] BadNumbers = ["1e308", "-1e308", "1e400", "3000000000", "-9223372036854775809", "1.5", "0", "-0.0", "12395551234", "1E-400"];

    enum Mutation { Truncate, TooDeep, Bom, Rows }

    [Fact]
    public void TenThousandMalformedPagesNeverThrowUnhandledAndEveryUntouchedRowIsStillRead()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CALLLOG_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var random = new Random(seed);
        var normaliser = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance);
        int pagesRead = 0, pagesRejected = 0, rowsSkipped = 0, rowsRead = 0;

        for (var page = 0; page < Pages; page++)
        {
            var clean = Enumerable.Range(0, random.Next(1, 9)).Select(i => CleanRow(random, page, i)).ToList();
            var mutated = new bool[clean.Count];
            var texts = clean.ToList();
            var mutation = (Mutation)random.Next(0, 10) switch
            {
                Mutation.Truncate => Mutation.Truncate,
                Mutation.TooDeep => Mutation.TooDeep,
                Mutation.Bom => Mutation.Bom,
                _ => Mutation.Rows,
            };
            var rowsToMutate = mutation == Mutation.Rows || random.Next(2) == 0 ? random.Next(1, clean.Count + 1) : 0;
            for (var m = 0; m < rowsToMutate; m++)
            {
                var i = random.Next(clean.Count);
                if (mutated[i]) continue;   // once per row (a mutated row may not parse as a JsonObject again)
                mutated[i] = true;
                texts[i] = MutateRow(random, texts[i]);
            }

            var body = Encoding.UTF8.GetBytes("{\"@odata.context\":\"https://pbx/xapi/v1/$metadata#ReportCallLogData\",\"value\":[" + string.Join(",", texts) + "]}");
            var breaksSyntax = false;
            switch (mutation)
            {
                case Mutation.Truncate:
                    body = body[..random.Next(0, body.Length - 1)];
                    breaksSyntax = true;
                    break;
                case Mutation.TooDeep:
                    var deep = string.Concat(Enumerable.Repeat("[", CallLogPageReader.MaxDepth + 10)) + string.Concat(Enumerable.Repeat("]", CallLogPageReader.MaxDepth + 10));
                    body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"value\":[", "\"value\":[" + deep + ",", StringComparison.Ordinal));
                    breaksSyntax = true;
                    break;
                case Mutation.Bom:
                    body = [0xEF, 0xBB, 0xBF, .. body];
                    break;
            }

            try
            {
                CallLogPage read;
                try
                {
                    read = CallLogPageReader.Read(body);
                }
                catch (JsonException) when (breaksSyntax)
                {
                    pagesRejected++;   // a page that is not JSON fails as a whole, as documented
                    continue;
                }

                pagesRead++;
                var offset = mutation == Mutation.TooDeep ? 1 : 0;   // an extra first element when TooDeep parsed anyway
                if (!breaksSyntax)
                    Assert.Equal(clean.Count, read.Entries.Count);
                for (var i = 0; i < clean.Count && !breaksSyntax; i++)
                {
                    if (mutated[i]) continue;
                    var expected = Assert.Single(CallLogPageReader.Read(Encoding.UTF8.GetBytes("{\"value\":[" + clean[i] + "]}")).Entries).Row;
                    Assert.NotNull(expected);
                    Assert.Equal(expected, read.Entries[i + offset].Row);
                }

                var rows = read.Entries.Where(e => e.Row is not null).Select(e => e.Row!).ToList();
                rowsRead += rows.Count;
                rowsSkipped += read.Entries.Count - rows.Count;
                foreach (var call in normaliser.Normalise(rows))
                    Assert.False(string.IsNullOrEmpty(LineProtocolEncoder.ToText(CallPoints.For("hq", call, Kpi))));
            }
            catch (Exception ex)
            {
                var text = Encoding.UTF8.GetString(body);
                throw new Xunit.Sdk.XunitException(
                    $"Fuzz seed {seed} (set CALLLOG_FUZZ_SEED={seed} to replay), page {page} ({mutation}, rows mutated: {string.Join(",", mutated)}) failed: {ex}\nPage: {(text.Length > 4000 ? text[..4000] + "…" : text)}");
            }
        }

        // The mutations really reached every outcome.
        Assert.True(pagesRejected > 100, $"seed {seed}: only {pagesRejected} pages rejected");
        Assert.True(pagesRead > Pages / 2, $"seed {seed}: only {pagesRead} pages read");
        Assert.True(rowsSkipped > 1000, $"seed {seed}: only {rowsSkipped} rows skipped");
        Assert.True(rowsRead > 10_000, $"seed {seed}: only {rowsRead} rows read");
    }

    /// <summary>A row as the simulator writes it, with random but plausible values.</summary>
    static string CleanRow(Random random, int page, int index)
    {
        var call = random.Next(3);
        var start = new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 7200)).AddTicks(random.Next(0, 10_000_000));
        string[] types = ["Queue", "Extension", "External", "Digital Receptionist", "System"];
        string[] directions = ["Inbound", "Inbound Queue", "Outbound", "Internal"];
        string[] statuses = ["Answered", "Unanswered", "Waiting"];
        var type = types[random.Next(types.Length)];
        var row = new SimRow
        {
            MainCallHistoryId = $"call-{page}-{call}",
            CdrId = $"cdr-{page}-{index}",
            StartTicks = start.UtcTicks,
            SourceDn = "10000",
            SourceCallerId = "+4930" + random.Next(100000, 999999).ToString(CultureInfo.InvariantCulture),
            SourceDisplayName = "Caller",
            DestinationDn = type == "Queue" ? "800" : "10" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture),
            DestinationCallerId = "",
            DestinationDisplayName = type == "Queue" ? "Sales (800)" : "Berg, Anna (101)",
            RingTicks = random.Next(0, 600_000_000),
            TalkTicks = random.Next(0, 2) == 0 ? 0 : random.Next(0, 2_000_000_000),
            Answered = random.Next(2) == 0,
            Direction = directions[random.Next(directions.Length)],
            CallType = type,
            Status = statuses[random.Next(statuses.Length)],
            Reason = "Ended by caller",
            RecordingId = random.Next(2) == 0 ? null : random.Next(1, 1_000_000),
            LegOrder = index + 1,
        };
        return Encoding.UTF8.GetString(global::Simulator.Xapi.JsonBody.Write(w => SimRowWriter.Write(w, row, null, legacy: random.Next(20) == 0)));
    }

    /// <summary>One to three changes to a row, keeping it JSON (the page stays parseable).</summary>
    static string MutateRow(Random random, string text)
    {
        switch (random.Next(12))
        {
            case 0: return "null";
            case 1: return new[] { "42", "\"row\"", "[]", "true", "{}", "[null]" }[random.Next(6)];
        }

        JsonObject row;
        try
        {
            row = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 }) is JsonObject o ? o : new JsonObject();
            _ = row.Count;   // parses the members now
        }
        catch (ArgumentException)   // duplicate keys (JsonObject refuses them)
        {
            // Already has duplicate keys (JsonObject refuses them): add one more in front, textually.
            return "{\"" + Fields[random.Next(Fields.Length)] + "\":\"" + BadTexts[random.Next(2)] + "\"," + text[1..];
        }
        var placeholders = new List<(string Placeholder, string Raw)>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var field = Fields[random.Next(Fields.Length)];
            switch (random.Next(9))
            {
                case 0: row.Remove(field); break;
                case 1: row[field] = null; break;
                case 2: row[field] = BadTexts[random.Next(BadTexts.Length)]; break;
                case 3:
                    var placeholder = $"@@N{placeholders.Count}@@";
                    placeholders.Add(($"\"{placeholder}\"", BadNumbers[random.Next(BadNumbers.Length)]));
                    row[field] = placeholder;
                    break;
                case 4: row[field] = random.Next(2) == 0; break;
                case 5: row[field] = new JsonArray(1, "x", null); break;
                case 6: row[field] = new JsonObject { ["Id"] = "x" }; break;
                case 7:
                    JsonNode deep = new JsonArray();
                    for (var d = random.Next(1, 300); d > 0; d--) deep = random.Next(2) == 0 ? new JsonArray(deep) : new JsonObject { ["x"] = deep };
                    row[field] = deep;
                    break;
                default:
                    var dupe = $"@@D{placeholders.Count}@@";
                    placeholders.Add(($"\"{dupe}\":0", $"\"{field}\":{BadNumbers[random.Next(BadNumbers.Length)]},\"{field}\":{JsonSerializer.Serialize(BadTexts[random.Next(BadTexts.Length)])}"));
                    row[dupe] = 0;
                    break;
            }
        }

        var json = row.ToJsonString(new JsonSerializerOptions { MaxDepth = 1000 });
        foreach (var (placeholder, raw) in placeholders)
            json = json.Replace(placeholder, raw, StringComparison.Ordinal);
        string[] surrogates = ["\\ud83d", "\\ude00", "\\udbff\\udbff", "\\ud83d\\ude00"];
        return json.Replace("@@SURROGATE@@", surrogates[random.Next(surrogates.Length)], StringComparison.Ordinal);
    }
}
