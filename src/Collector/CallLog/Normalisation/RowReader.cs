using System.Text;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// Reads one row's <c>Direction</c>, <c>CallType</c> and <c>Status</c> (case-insensitively, trimmed) into a <see cref="LegRow"/>.
/// Unknown values are counted in <see cref="UnknownValueCounters"/> and logged once per value, never thrown.
/// </summary>
/// <remarks>
/// Kind, from CallType: <c>Queue</c> → queue; <c>Digital Receptionist</c> → IVR; <c>Extension</c> → extension;
/// <c>External</c> → external; <c>System</c> or unknown → other. Without a CallType: Direction <c>Inbound Queue</c> → queue,
/// <c>Outbound</c> → external, <c>Internal</c> → extension, <c>Inbound</c> → other (an IVR and an extension look alike);
/// no CallType, Direction and Status at all → legacy (a build before 20.0.6).
/// Answered: Status <c>Answered</c> → yes, and on a queue row <c>Waiting</c> too (3CX's "answered elsewhere");
/// <c>Unanswered</c> → no; otherwise the row's <c>Answered</c> flag; without that, talk above zero.
/// A missing duration is zero; a negative one (malformed) is read as zero.
/// </remarks>
sealed partial class RowReader(UnknownValueCounters unknown, ILogger logger)
{
    enum StatusValue { None, Answered, Unanswered, Waiting }

    public LegRow Read(CallLogRow row, string key, DateTimeOffset start)
    {
        var direction = ReadDirection(row.Direction, out var queueDirection);
        var status = ReadStatus(row.Status);
        var kind = ReadKind(row, direction, queueDirection);
        var ring = NotNegative(row.RingingDuration);
        var talk = NotNegative(row.TalkingDuration);
        var answered = status switch
        {
            StatusValue.Answered => true,
            StatusValue.Waiting when kind == LegKind.Queue => true,
            StatusValue.Unanswered => false,
            _ => row.Answered ?? talk > TimeSpan.Zero,
        };
        return new LegRow(row, key, start, ring, talk, kind, direction, answered);
    }

    string? ReadDirection(string? value, out bool queue)
    {
        queue = false;
        if (value is null) return null;
        var word = Word(value);
        if (Is(word, "inbound")) return CallDirections.Inbound;
        if (Is(word, "inbound queue")) { queue = true; return CallDirections.Inbound; }
        if (Is(word, "outbound")) return CallDirections.Outbound;
        if (Is(word, "internal")) return CallDirections.Internal;
        Unknown(CallLogField.Direction, value);
        return null;
    }

    StatusValue ReadStatus(string? value)
    {
        if (value is null) return StatusValue.None;
        var word = Word(value);
        if (Is(word, "answered")) return StatusValue.Answered;
        if (Is(word, "unanswered")) return StatusValue.Unanswered;
        if (Is(word, "waiting")) return StatusValue.Waiting;
        Unknown(CallLogField.Status, value);
        return StatusValue.None;
    }

    LegKind ReadKind(CallLogRow row, string? direction, bool queueDirection)
    {
        if (row.CallType is { } callType)
        {
            var word = Word(callType);
            if (Is(word, "queue")) return LegKind.Queue;
            if (Is(word, "digital receptionist")) return LegKind.Ivr;
            if (Is(word, "extension")) return LegKind.Extension;
            if (Is(word, "external")) return LegKind.External;
            if (Is(word, "system")) return LegKind.Other;
            Unknown(CallLogField.CallType, callType);
            return LegKind.Other;
        }

        if (queueDirection) return LegKind.Queue;
        return direction switch
        {
            CallDirections.Outbound => LegKind.External,
            CallDirections.Internal => LegKind.Extension,
            null when row.Direction is null && row.Status is null => LegKind.Legacy,
            _ => LegKind.Other,
        };
    }

    void Unknown(CallLogField field, string value)
    {
        if (unknown.Count(field, value))
            LogUnknownValue(logger, field, value);
    }

    /// <summary>
    /// The value trimmed and, when it is not plain ASCII, lower-cased as <see cref="string.ToLowerInvariant()"/> does (so
    /// that no value reads differently from that rule); ASCII values are compared in place, without a copy per row.
    /// </summary>
    static ReadOnlySpan<char> Word(string value)
    {
        var word = value.AsSpan().Trim();
        return Ascii.IsValid(word) ? word : word.ToString().ToLowerInvariant();
    }

    /// <summary>Whether <paramref name="word"/> is the lower-case ASCII <paramref name="known"/>, ignoring ASCII case.</summary>
    static bool Is(ReadOnlySpan<char> word, string known) => Ascii.EqualsIgnoreCase(word, known);

    static TimeSpan NotNegative(TimeSpan? value) => value is { } v && v > TimeSpan.Zero ? v : TimeSpan.Zero;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Call log: unknown {Field} value {Value}, read as absent (see docs/normalisation.md); counted, logged once per value")]
    static partial void LogUnknownValue(ILogger logger, CallLogField field, string value);
}
