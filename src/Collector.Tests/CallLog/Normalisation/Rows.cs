using Collector.CallLog.Normalisation;
using Collector.Tests.Influx;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.CallLog.Normalisation;

/// <summary>Call-log rows as 3CX writes them, built in a line each, for the rule tests.</summary>
static class Rows
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    static int _next;

    static string NewCdr() => $"cdr-{Interlocked.Increment(ref _next):D6}";

    public static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    public static CallLogRow Ivr(string call, double start, double seconds) => new()
    {
        MainCallHistoryId = call, CallHistoryId = call, CdrId = NewCdr(), StartTime = At(start),
        SourceDn = "10000", SourceCallerId = "+4930123456", DestinationDn = "8000", DestinationDisplayName = "Main Menu (8000)",
        RingingDuration = TimeSpan.Zero, TalkingDuration = TimeSpan.FromSeconds(seconds), Answered = true,
        Direction = "Inbound", CallType = "Digital Receptionist", Status = "Answered",
    };

    /// <summary>A queue row: <paramref name="wait"/> seconds in queue <paramref name="dn"/> (0.1 s of it the pick-up).</summary>
    public static CallLogRow Queue(string call, double start, double wait, bool answered, string dn = "800", string name = "Sales", string? reason = null) => new()
    {
        MainCallHistoryId = call, CallHistoryId = call, CdrId = NewCdr(), StartTime = At(start),
        SourceDn = "10000", SourceCallerId = "+4930123456", DestinationDn = dn, DestinationDisplayName = $"{name} ({dn})",
        RingingDuration = TimeSpan.FromSeconds(0.1), TalkingDuration = TimeSpan.FromSeconds(wait - 0.1), Answered = answered,
        Direction = "Inbound Queue", CallType = "Queue", Status = answered ? "Waiting" : "Unanswered",
        Reason = reason ?? "Ended by +4930123456",
    };

    public static CallLogRow Agent(string call, double start, double ring, double talk, string dn = "101", string display = "Berg, Anna", string direction = "Inbound") => new()
    {
        MainCallHistoryId = call, CallHistoryId = call, CdrId = NewCdr(), StartTime = At(start),
        SourceDn = "10000", SourceCallerId = "+4930123456", DestinationDn = dn, DestinationDisplayName = $"{display} ({dn})",
        RingingDuration = TimeSpan.FromSeconds(ring), TalkingDuration = TimeSpan.FromSeconds(talk), Answered = talk > 0,
        Direction = direction, CallType = "Extension", Status = talk > 0 ? "Answered" : "Unanswered",
    };

    public static CallLogRow Outbound(string call, double start, double ring, double talk, string agent = "105") => new()
    {
        MainCallHistoryId = call, CallHistoryId = call, CdrId = NewCdr(), StartTime = At(start),
        SourceDn = agent, SourceCallerId = agent, SourceDisplayName = "Anna Berg", DestinationDn = "10000",
        DestinationCallerId = "+4940987654", DestinationDisplayName = "+4940987654",
        RingingDuration = TimeSpan.FromSeconds(ring), TalkingDuration = TimeSpan.FromSeconds(talk), Answered = talk > 0,
        Direction = "Outbound", CallType = "External", Status = talk > 0 ? "Answered" : "Unanswered",
    };

    public static CallLogNormaliser Normaliser(out FakeLogger<CallLogNormaliser> logger)
    {
        logger = new FakeLogger<CallLogNormaliser>();
        return new CallLogNormaliser(logger);
    }

    public static NormalisedCall Single(params CallLogRow[] rows) => Assert.Single(Normaliser(out _).Normalise(rows));
}
