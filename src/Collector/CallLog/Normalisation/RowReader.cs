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
        switch (value.Trim().ToLowerInvariant())
        {
            case "inbound": return CallDirections.Inbound;
            case "inbound queue": queue = true; return CallDirections.Inbound;
            case "outbound": return CallDirections.Outbound;
            case "internal": return CallDirections.Internal;
            default: Unknown(CallLogField.Direction, value); return null;
        }
    }

    StatusValue ReadStatus(string? value)
    {
        if (value is null) return StatusValue.None;
        switch (value.Trim().ToLowerInvariant())
        {
            case "answered": return StatusValue.Answered;
            case "unanswered": return StatusValue.Unanswered;
            case "waiting": return StatusValue.Waiting;
            default: Unknown(CallLogField.Status, value); return StatusValue.None;
        }
    }

    LegKind ReadKind(CallLogRow row, string? direction, bool queueDirection)
    {
        if (row.CallType is { } callType)
        {
            switch (callType.Trim().ToLowerInvariant())
            {
                case "queue": return LegKind.Queue;
                case "digital receptionist": return LegKind.Ivr;
                case "extension": return LegKind.Extension;
                case "external": return LegKind.External;
                case "system": return LegKind.Other;
                default: Unknown(CallLogField.CallType, callType); return LegKind.Other;
            }
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

    static TimeSpan NotNegative(TimeSpan? value) => value is { } v && v > TimeSpan.Zero ? v : TimeSpan.Zero;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Call log: unknown {Field} value {Value}, read as absent (see docs/normalisation.md); counted, logged once per value")]
    static partial void LogUnknownValue(ILogger logger, CallLogField field, string value);
}
