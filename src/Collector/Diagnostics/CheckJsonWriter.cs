using System.Text.Encodings.Web;
using System.Text.Json;

namespace Collector.Diagnostics;

/// <summary>
/// <c>check --json</c>: the same report for machines. Property names are a contract:
/// <c>ok</c>, <c>summary{pass,warn,fail,skipped}</c>, <c>targets[{kind,name,address,ok,steps[{step,result,verdict,fix}]}]</c>;
/// <c>result</c> is one of <c>pass</c>, <c>warn</c>, <c>fail</c>, <c>skipped</c>.
/// </summary>
internal static class CheckJsonWriter
{
    // Relaxed escaping keeps "→" and "'" readable; the output is for terminals and parsers, never embedded in HTML.
    static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(CheckReport report) => JsonSerializer.Serialize(new
    {
        ok = report.Ok,
        summary = new
        {
            pass = report.Count(CheckOutcome.Pass),
            warn = report.Count(CheckOutcome.Warn),
            fail = report.Count(CheckOutcome.Fail),
            skipped = report.Count(CheckOutcome.Skipped),
        },
        targets = report.Targets.Select(t => new
        {
            kind = t.Kind,
            name = t.Name,
            address = t.Address,
            ok = !t.Failed,
            steps = t.Steps.Select(s => new
            {
                step = s.Step,
                result = s.Outcome.ToString().ToLowerInvariant(),
                verdict = s.Verdict,
                fix = s.Fix,
            }),
        }),
    }, Options);
}
