using Collector.ThreeCx;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// Guesses a call's direction from its numbers when no row says it (builds before 20.0.6 have no Direction).
/// A party is external when its caller id (else its DN) is not a short internal number: it starts with <c>+</c>,
/// has 7 digits or more, or is not a number at all (<c>anonymous</c>). Extensions, queues, IVRs and trunk DNs
/// (<c>10000</c>) are 1–6 digits. Source external → inbound; else destination external → outbound; else internal.
/// </summary>
static class PartyHeuristics
{
    const int MaxInternalDigits = 6;

    public static string Direction(CallLogRow row)
    {
        if (IsExternal(row.SourceCallerId, row.SourceDn)) return CallDirections.Inbound;
        if (IsExternal(row.DestinationCallerId, row.DestinationDn)) return CallDirections.Outbound;
        return CallDirections.Internal;
    }

    static bool IsExternal(string? callerId, string? dn)
    {
        var number = !string.IsNullOrWhiteSpace(callerId) ? callerId.Trim() : dn?.Trim();
        if (string.IsNullOrEmpty(number)) return false;
        return number.Length > MaxInternalDigits || !number.All(char.IsAsciiDigit);
    }
}
