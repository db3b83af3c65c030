using System.Globalization;

namespace Simulator.Hosting;

/// <summary>
/// The simulator's command line (`--seed 7`, `--client-id x`, …) with environment equivalents
/// (`SIM_SEED`, `SIM_CLIENT_ID`, …). Command-line values win over the environment.
/// </summary>
public sealed record SimulatorOptions
{
    public const double MaxHistoryDays = 400;
    public const int MaxQueues = 50;
    public const int MaxAgents = 600;
    public const double MaxCallsPerHour = 20000;
    public const int MaxTenants = 1000;

    /// <summary>Every option at its default (except <see cref="Start"/>, which defaults to the real now).</summary>
    public static SimulatorOptions Defaults { get; } = new();

    /// <summary>Seed of every random choice; the same seed and start give the same world. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>OAuth client id the token route accepts. Default <c>collector</c>.</summary>
    public string ClientId { get; init; } = "collector";

    /// <summary>OAuth client secret the token route accepts. Default <c>sim-secret</c>.</summary>
    public string ClientSecret { get; init; } = "sim-secret";

    /// <summary>Simulated "now" when the simulator starts. Default: the current UTC time, exactly (a given start is kept exactly too).</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>
    /// How far the simulated clock starts from the real one when no <see cref="Start"/> is given (negative: the PBX's clock is
    /// behind, as a PBX without NTP). The XAPI's <c>Date</c> header and <c>ServerNow</c> follow the simulated clock. Default 0.
    /// </summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>Simulated seconds per real second; 0 freezes the clock until <c>POST /sim/clock</c>. Default 1.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Days of call history simulated before <see cref="Start"/>. Default 1.</summary>
    public double HistoryDays { get; init; } = 1;

    /// <summary>Number of call queues (at most <see cref="MaxQueues"/>). Default 3.</summary>
    public int Queues { get; init; } = 3;

    /// <summary>Number of agents (extensions, at most <see cref="MaxAgents"/>). Default 12.</summary>
    public int Agents { get; init; } = 12;

    /// <summary>Inbound calls per hour for the whole PBX in busy hours. Default 120.</summary>
    public double CallsPerHour { get; init; } = 120;

    /// <summary>
    /// The simulated call centre's IANA time zone: the traffic profile (busy mornings), shifts and weekends follow its
    /// local time. Default UTC.
    /// </summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Share (0–1) of abandoned callers who are reached for a second try: an agent calls them back, or they call again.
    /// Default 0 (none), so a seed's world is the one it always was.
    /// </summary>
    public double CallbackShare { get; init; }

    /// <summary>
    /// PBXs played by one process (at most <see cref="MaxTenants"/>). Tenant i listens on the given port + i and plays the
    /// world of seed + i: its own clock, faults, token and truth, as a separate simulator would. Default 1.
    /// </summary>
    public int Tenants { get; init; } = 1;

    /// <summary>Tenant <paramref name="tenant"/>'s options: the same, with the seed moved on by <paramref name="tenant"/>.</summary>
    public SimulatorOptions ForTenant(int tenant) => tenant == 0 ? this : this with { Seed = unchecked(Seed + tenant) };

    public static SimulatorOptions From(IConfiguration config, TimeProvider time)
    {
        string? Get(string dashed) =>
            config[dashed] ?? config[dashed.Replace('-', '_')] ?? config[dashed.Replace("-", "", StringComparison.Ordinal)];

        var options = new SimulatorOptions
        {
            Seed = ParseInt(Get("seed"), "seed", Defaults.Seed),
            ClientId = Get("client-id") ?? Defaults.ClientId,
            ClientSecret = Get("client-secret") ?? Defaults.ClientSecret,
            ClockOffset = ParseOffset(Get("clock-offset")),
            Start = Get("start") is { } start
                ? Get("clock-offset") is null ? ParseInstant(start) : throw new ArgumentException("--clock-offset and --start exclude each other: --start already sets the simulated clock.")
                : time.GetUtcNow() + ParseOffset(Get("clock-offset")),
            Speed = ParseDouble(Get("speed"), "speed", Defaults.Speed),
            HistoryDays = ParseDouble(Get("history-days"), "history-days", Defaults.HistoryDays),
            Queues = ParseInt(Get("queues"), "queues", Defaults.Queues),
            Agents = ParseInt(Get("agents"), "agents", Defaults.Agents),
            CallsPerHour = ParseDouble(Get("calls-per-hour"), "calls-per-hour", Defaults.CallsPerHour),
            TimeZone = ParseZone(Get("time-zone")),
            CallbackShare = ParseDouble(Get("callback-share"), "callback-share", Defaults.CallbackShare),
            Tenants = ParseInt(Get("tenants"), "tenants", Defaults.Tenants),
        };
        options.Validate();
        return options;
    }

    void Validate()
    {
        if (string.IsNullOrEmpty(ClientId)) throw new ArgumentException("--client-id must not be empty.");
        if (string.IsNullOrEmpty(ClientSecret)) throw new ArgumentException("--client-secret must not be empty.");
        if (Speed < 0) throw new ArgumentException("--speed must be 0 or more.");
        if (HistoryDays is < 0 or > MaxHistoryDays) throw new ArgumentException($"--history-days must be between 0 and {MaxHistoryDays}.");
        if (Queues is < 1 or > MaxQueues) throw new ArgumentException($"--queues must be between 1 and {MaxQueues}.");
        if (Agents is < 1 or > MaxAgents) throw new ArgumentException($"--agents must be between 1 and {MaxAgents}.");
        if (CallbackShare is < 0 or > 1) throw new ArgumentException("--callback-share must be between 0 and 1.");
        if (CallsPerHour is < 0 or > MaxCallsPerHour) throw new ArgumentException($"--calls-per-hour must be between 0 and {MaxCallsPerHour}.");
        if (Tenants is < 1 or > MaxTenants) throw new ArgumentException($"--tenants must be between 1 and {MaxTenants}.");
    }

    static int ParseInt(string? value, string name, int fallback) =>
        value is null ? fallback
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : throw new ArgumentException($"--{name} must be an integer, not '{value}'.");

    static double ParseDouble(string? value, string name, double fallback) =>
        value is null ? fallback
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
        : throw new ArgumentException($"--{name} must be a number, not '{value}'.");

    static TimeZoneInfo ParseZone(string? value)
    {
        if (value is null) return TimeZoneInfo.Utc;
        if (string.Equals(value, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "Etc/UTC", StringComparison.Ordinal))
            return TimeZoneInfo.Utc;
        // Only IANA names (Region/City); the console-safe excerpt of the value is bounded.
        var shown = value.Length > 64 ? value[..64] + "…" : value;
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(value);
            return zone.HasIanaId ? zone : throw new ArgumentException($"--time-zone must be an IANA time zone such as Europe/Berlin, not '{shown}'.");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"--time-zone must be an IANA time zone such as Europe/Berlin or Australia/Perth, not '{shown}'.");
        }
    }

    static TimeSpan ParseOffset(string? value) =>
        value is null ? TimeSpan.Zero
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) <= 3650 * 86400.0
            ? TimeSpan.FromSeconds(seconds)
        : TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var offset) ? offset
        : throw new ArgumentException($"--clock-offset must be a duration such as -00:02:00 or seconds such as -120, not '{value}'.");

    static DateTimeOffset ParseInstant(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v)
            ? v.ToUniversalTime()
            : throw new ArgumentException($"--start must be an ISO-8601 instant, not '{value}'.");
}
