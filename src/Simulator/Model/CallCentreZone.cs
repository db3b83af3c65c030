namespace Simulator.Model;

/// <summary>
/// The simulated call centre's own time zone: its traffic profile, agents' shifts and working days follow local
/// time (an IANA zone, default UTC). Converts between UTC ticks and local wall-clock time, daylight saving included.
/// </summary>
public sealed class CallCentreZone(TimeZoneInfo zone)
{
    public static CallCentreZone Utc { get; } = new(TimeZoneInfo.Utc);

    public TimeZoneInfo Zone => zone;

    /// <summary>The local wall-clock time at an instant (UTC ticks).</summary>
    public DateTime Local(long utcTicks) =>
        ReferenceEquals(zone, TimeZoneInfo.Utc) ? new DateTime(utcTicks, DateTimeKind.Unspecified)
        : TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), zone);

    /// <summary>
    /// The instant (UTC ticks) of a local wall-clock time. A time skipped by a daylight-saving change is taken as
    /// the same distance after the change; a repeated one as its first occurrence.
    /// </summary>
    public long ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (ReferenceEquals(zone, TimeZoneInfo.Utc)) return local.Ticks;
        if (zone.IsInvalidTime(local))
        {
            // Skipped (spring forward): the offset before the gap applies, which lands after it.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return local.Ticks - before.Ticks;
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return local.Ticks - offset.Ticks;
    }

    /// <summary>The instant (UTC ticks) the local day holding <paramref name="utcTicks"/> began.</summary>
    public long DayStart(long utcTicks) => ToUtc(Local(utcTicks).Date);

    /// <summary>The instant (UTC ticks) the next local day after the one holding <paramref name="utcTicks"/> begins.</summary>
    public long NextDayStart(long utcTicks) => ToUtc(Local(utcTicks).Date.AddDays(1));
}
