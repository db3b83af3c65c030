using Collector.ThreeCx;

namespace Collector.Reconcile;

/// <summary>How a report that could not be read affects the run: a warning (the PBX does not offer it to us) or an error.</summary>
internal enum ReportFailureSeverity
{
    Warning,
    Error,
}

/// <summary>A report function that could not be read in a run: which, why (in our words, never the PBX's text) and the HTTP status.</summary>
internal sealed record ReportUnavailable(ThreeCxReport Report, ReportFailureSeverity Severity, string Reason, int? Status)
{
    /// <summary>One line for logs, the verb and the run point: the report, the reason and the KPIs left uncompared.</summary>
    public string Describe() =>
        $"{ReconcileKpis.Name(Report)} {Reason}: {string.Join(", ", ReconcileKpis.From(Report))} not compared.";
}

/// <summary>
/// The failure policy of the report reads, apart from the I/O: what each XAPI failure of a report function means for the
/// reconciliation. A report that is missing on this build (404), forbidden to the API client (403) or rate-limited after
/// the client's retries (429) is a warning; anything else (the PBX unreachable, 5xx, a body we cannot read) an error.
/// Either way the report is not asked again in the run and its KPIs are not compared: no "difference" is made up.
/// </summary>
internal static class ReportFailures
{
    public static ReportUnavailable Classify(ThreeCxReport report, XapiException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var (severity, reason) = failure.Kind switch
        {
            XapiFailureKind.EndpointNotFound => (ReportFailureSeverity.Warning, "is missing on this PBX (404; older 3CX builds lack some reports)"),
            XapiFailureKind.Forbidden => (ReportFailureSeverity.Warning, "is forbidden to the API client (403; give it the System Owner role)"),
            XapiFailureKind.RateLimited => (ReportFailureSeverity.Warning, "was rate-limited by the PBX (429, also after retries)"),
            var kind => (ReportFailureSeverity.Error, $"could not be read ({kind}{(failure.StatusCode is { } s ? $", HTTP {s}" : "")})"),
        };
        return new ReportUnavailable(report, severity, reason, failure.StatusCode);
    }
}
