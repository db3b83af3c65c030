namespace Collector.Reconcile;

/// <summary>One day of a run: its comparisons and how many KPIs could not be compared (a report unavailable).</summary>
internal sealed record ReconcileDayResult(string Pbx, ReportingDay Day, int Queues, IReadOnlyList<KpiComparison> Comparisons, int NotCompared)
{
    public IEnumerable<KpiComparison> Differences => Comparisons.Where(c => c.Differs);
}

/// <summary>What one reconcile run of one PBX did (<see cref="Reconciler.RunAsync"/>).</summary>
internal sealed record ReconcileRunResult(
    string Pbx,
    IReadOnlyList<ReconcileDayResult> Days,
    IReadOnlyList<ReportUnavailable> Unavailable,
    IReadOnlyList<string> Warnings,
    int Points,
    TimeSpan Duration,
    Exception? Error)
{
    /// <summary>Longest reason kept on the run point.</summary>
    const int MaxReasonLength = 500;

    public IEnumerable<KpiComparison> Comparisons => Days.SelectMany(d => d.Comparisons);

    public int Compared => Days.Sum(d => d.Comparisons.Count);

    public int Differences => Days.Sum(d => d.Differences.Count());

    public int NotCompared => Days.Sum(d => d.NotCompared);

    /// <summary>
    /// <c>error</c> when the run failed or a report failed for another reason than 404/403/429; <c>warning</c> when a report
    /// was missing, forbidden or rate-limited (or the queue list could not be read); else <c>ok</c>, differences or not
    /// (a difference is a finding, shown by <c>queue_reconcile</c> and its alert rule, not a failed run).
    /// </summary>
    public string ResultTag =>
        Error is not null || Unavailable.Any(u => u.Severity == ReportFailureSeverity.Error) ? "error"
        : Unavailable.Count > 0 || Warnings.Count > 0 ? "warning"
        : "ok";

    /// <summary>Why the run was not ok, in one line of our own words (at most 500 characters); null when ok.</summary>
    public string? Reason
    {
        get
        {
            var parts = (Error is null ? [] : new[] { Error.Message }).Concat(Unavailable.Select(u => u.Describe())).Concat(Warnings).ToList();
            if (parts.Count == 0) return null;
            var text = string.Join(" ", parts);
            return text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";
        }
    }

    /// <summary>The HTTP status behind the reason, when there was one.</summary>
    public int? Status => Error switch
    {
        Collector.ThreeCx.XapiException x => x.StatusCode,
        Collector.Influx.Writing.InfluxWriteException i => i.StatusCode,
        Collector.Influx.Reading.InfluxQueryException q => q.StatusCode,
        _ => Unavailable.Select(u => u.Status).FirstOrDefault(s => s is not null),
    };
}
