using System.Diagnostics.CodeAnalysis;

namespace Collector.ThreeCx;

/// <summary>
/// The 11 parameters of <c>ReportCallLogData/Pbx.GetCallLogData</c>, typed. The defaults are the admin UI's
/// "everything" (no filters, whole day, P-calls hidden), so <c>new CallLogQuery(from, to)</c> reads every row.
/// </summary>
internal sealed record CallLogQuery
{
    public CallLogQuery()
    {
    }

    [SetsRequiredMembers]
    public CallLogQuery(DateTimeOffset periodFrom, DateTimeOffset periodTo)
    {
        PeriodFrom = periodFrom;
        PeriodTo = periodTo;
    }

    /// <summary>Start of the window (sent as UTC).</summary>
    public required DateTimeOffset PeriodFrom { get; init; }

    /// <summary>End of the window (sent as UTC; inclusive or exclusive is unconfirmed for 3CX).</summary>
    public required DateTimeOffset PeriodTo { get; init; }

    /// <summary>0 = all sources.</summary>
    public int SourceType { get; init; }

    /// <summary>'' = no filter.</summary>
    public string SourceFilter { get; init; } = "";

    /// <summary>0 = all destinations.</summary>
    public int DestinationType { get; init; }

    /// <summary>'' = no filter.</summary>
    public string DestinationFilter { get; init; } = "";

    /// <summary>0 = all calls.</summary>
    public int CallsType { get; init; }

    /// <summary>0 = no time-of-day filter.</summary>
    public int CallTimeFilterType { get; init; }

    /// <summary>Time-of-day filter start; zero (sent as <c>'0:00:0'</c>) = whole day.</summary>
    public TimeSpan CallTimeFilterFrom { get; init; }

    /// <summary>Time-of-day filter end; zero (sent as <c>'0:00:0'</c>) = whole day.</summary>
    public TimeSpan CallTimeFilterTo { get; init; }

    /// <summary>Hide parking/pickup "P-calls" (the report default).</summary>
    public bool HidePcalls { get; init; } = true;
}
