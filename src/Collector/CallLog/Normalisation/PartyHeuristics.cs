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

    /// <summary>
    /// The outside party of a call: for an inbound call the first row's external source (caller id, else DN), for an
    /// outbound call the first row's external destination; null for internal calls or when no row has an external party
    /// that can be dialled back (<c>anonymous</c>, <c>Withheld</c> and other caller ids without a number are no one's
    /// number: two such calls must never be taken for the same caller).
    /// </summary>
    public static string? ExternalNumber(List<LegRow> legs, string direction)
    {
        foreach (var leg in legs)
        {
            var row = leg.Row;
            var number = direction switch
            {
                CallDirections.Inbound => Number(row.SourceCallerId, row.SourceDn),
                CallDirections.Outbound => Number(row.DestinationCallerId, row.DestinationDn),
                _ => null,
            };
            if (number is not null && IsExternalNumber(number))
                return IsDialable(number) ? number : null;
        }

        return null;
    }

    static string? Number(string? callerId, string? dn)
    {
        var number = !string.IsNullOrWhiteSpace(callerId) ? callerId.Trim() : dn?.Trim();
        return string.IsNullOrEmpty(number) ? null : number;
    }

    static bool IsExternal(string? callerId, string? dn) => Number(callerId, dn) is { } number && IsExternalNumber(number);

    /// <summary>A number one can call: digits (at least one), optionally a leading <c>+</c> and the separators people write.</summary>
    public static bool IsDialable(string number)
    {
        var digits = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (!(c is ' ' or '-' or '.' or '(' or ')' || (c == '+' && i == 0))) return false;
        }
        return digits > 0;
    }

    static bool IsExternalNumber(string number) => number.Length > MaxInternalDigits || number.AsSpan().ContainsAnyExceptInRange('0', '9');
}
