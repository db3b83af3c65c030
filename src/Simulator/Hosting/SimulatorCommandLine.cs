using System.Globalization;
using System.Text;

namespace Simulator.Hosting;

/// <summary>One command-line option: <c>--Name Value</c>, its environment variable, its default and what it means.</summary>
public sealed record SimulatorOption(string Name, string Value, string Environment, string Default, string Meaning);

/// <summary>
/// The simulator's command line, checked before anything starts: each option is known (or an ASP.NET Core
/// configuration override, a key containing ':'), as <c>--option value</c> or <c>--option=value</c>, and has
/// its value; <c>-h</c>, <c>-?</c> or <c>--help</c> asks for <see cref="Usage"/>. The values themselves are
/// read and checked by <see cref="SimulatorOptions.From"/>. A wrong argument throws an
/// <see cref="ArgumentException"/> whose message is one line.
/// </summary>
public sealed class SimulatorCommandLine
{
    public const string ProgramName = "threecx-simulator";

    static readonly string[] HelpSwitches = ["-h", "-?", "--help"];

    static readonly SimulatorOptions D = SimulatorOptions.Defaults;

    /// <summary>Every option, in the order <see cref="Usage"/> lists them.</summary>
    public static IReadOnlyList<SimulatorOption> Options { get; } =
    [
        new("urls", "URL", "ASPNETCORE_URLS", SimulatorApp.DefaultUrl, "where to listen (';' between several); port 0 = any free port"),
        new("seed", "N", "SIM_SEED", Text(D.Seed), "seed of every random choice: the same seed and start give the same world"),
        new("client-id", "ID", "SIM_CLIENT_ID", D.ClientId, "the OAuth client id the token route accepts"),
        new("client-secret", "SECRET", "SIM_CLIENT_SECRET", D.ClientSecret, "the client secret the token route accepts"),
        new("start", "ISO-INSTANT", "SIM_START", "now", "simulated \"now\" at start (UTC unless an offset is given)"),
        new("clock-offset", "[-]HH:MM:SS", "SIM_CLOCK_OFFSET", "0", "run the PBX's clock this far from the real one (negative = behind; or seconds); not with --start"),
        new("speed", "X", "SIM_SPEED", Text(D.Speed), "simulated seconds per real second; 0 = frozen until POST /sim/clock"),
        new("history-days", "N", "SIM_HISTORY_DAYS", Text(D.HistoryDays), $"days of call history simulated before the start (0-{Text(SimulatorOptions.MaxHistoryDays)})"),
        new("queues", "N", "SIM_QUEUES", Text(D.Queues), $"call queues 800, 801, ... (1-{Text(SimulatorOptions.MaxQueues)})"),
        new("agents", "N", "SIM_AGENTS", Text(D.Agents), $"agents, extensions 101, 102, ... (1-{Text(SimulatorOptions.MaxAgents)})"),
        new("calls-per-hour", "N", "SIM_CALLS_PER_HOUR", Text(D.CallsPerHour), $"inbound calls per hour in the busiest hours (0-{Text(SimulatorOptions.MaxCallsPerHour)})"),
        new("time-zone", "IANA-ZONE", "SIM_TIME_ZONE", "UTC", "the call centre's time zone: busy hours, shifts and weekends in its local time"),
        new("callback-share", "X", "SIM_CALLBACK_SHARE", Text(D.CallbackShare), "share (0-1) of abandoned callers tried again: an agent calls back or they call again"),
        new("tenants", "N", "SIM_TENANTS", Text(D.Tenants), $"PBXs in this process (1-{Text(SimulatorOptions.MaxTenants)}): tenant i on each --urls port + i with seed + i, its own world, faults and truth"),
    ];

    SimulatorCommandLine(bool helpRequested, string[] configurationArgs)
    {
        HelpRequested = helpRequested;
        ConfigurationArgs = configurationArgs;
    }

    /// <summary>-h, -? or --help was given: print <see cref="Usage"/> and start nothing.</summary>
    public bool HelpRequested { get; }

    /// <summary>The options as <c>--key=value</c>, for ASP.NET Core's command-line configuration.</summary>
    public string[] ConfigurationArgs { get; }

    public static SimulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var help = false;
        string? error = null;
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (HelpSwitches.Contains(arg, StringComparer.OrdinalIgnoreCase)) { help = true; continue; }
            if (error is not null) continue;   // the first error is the one reported; --help anywhere still wins

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                error = $"unexpected argument '{arg}'; options start with -- (see --help)";
                continue;
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            var option = Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
            if (option is null && !name.Contains(':', StringComparison.Ordinal))
            {
                error = Unknown(name);
                continue;
            }
            var value = equals >= 0 ? arg[(equals + 1)..]
                : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i]
                : null;
            if (string.IsNullOrEmpty(value))
            {
                error = option is null ? $"--{name} needs a value (--{name}=VALUE)" : $"--{option.Name} needs a value (--{option.Name} {option.Value})";
                continue;
            }
            configuration.Add($"--{option?.Name ?? name}={value}");
        }
        if (help) return new SimulatorCommandLine(true, []);
        if (error is not null) throw new ArgumentException(error);
        return new SimulatorCommandLine(false, [.. configuration]);
    }

    /// <summary>What --help prints: every option with its environment variable, default and meaning, and the control routes.</summary>
    public static string Usage()
    {
        var rows = new List<(string Option, string Environment, string Default, string Meaning)> { ("option", "environment", "default", "meaning") };
        rows.AddRange(Options.Select(o => ($"--{o.Name} {o.Value}", o.Environment, o.Default, o.Meaning)));
        rows.Add(("--Section:Key=VALUE", "Section__Key", "", "an ASP.NET Core configuration override, e.g. --Logging:LogLevel:Default=Warning"));
        rows.Add(("-h, -?, --help", "", "", "print this help and exit"));
        var optionWidth = rows.Max(r => r.Option.Length) + 2;
        var environmentWidth = rows.Max(r => r.Environment.Length) + 2;
        var defaultWidth = rows.Max(r => r.Default.Length) + 2;

        var text = new StringBuilder();
        text.AppendLine($"{ProgramName}: a simulated 3CX V20 PBX (XAPI, call-centre model, faults on demand); loopback only by default.");
        text.AppendLine();
        text.AppendLine($"Usage: {ProgramName} [--option value | --option=value]...");
        text.AppendLine();
        foreach (var (option, environment, defaultValue, meaning) in rows)
            text.AppendLine($"  {option.PadRight(optionWidth)}{environment.PadRight(environmentWidth)}{defaultValue.PadRight(defaultWidth)}{meaning}".TrimEnd());
        text.AppendLine("The command line wins over the environment.");
        text.AppendLine();
        text.AppendLine("XAPI: POST /connect/token, GET /xapi/v1/... as a 3CX V20 PBX answers them. Control routes:");
        text.AppendLine("  GET  /sim/clock                         the simulated now and speed");
        text.AppendLine("  POST /sim/clock                         {\"advanceSeconds\":60}, {\"to\":\"ISO\"} (forward only) or {\"speed\":X}");
        text.AppendLine("  GET  /sim/truth/calls?from=ISO&to=ISO   every call that started in the window, with its queue passages and legs");
        text.AppendLine("  GET  /sim/truth/live                    the true live state: per queue waiting and longest wait, per agent its state");
        text.AppendLine("  GET  /sim/truth/queues                  each queue's number, name and SLATime (the service-level threshold it sets)");
        text.AppendLine("  GET  /sim/truth/agents?from=ISO&to=ISO  per agent the seconds in each state (logged in, available, on a call, ringing, away, ...)");
        text.AppendLine("  GET  /sim/truth/abandoned?from=ISO&to=ISO  callers who abandoned in the window, and whether and when they were reached after");
        text.AppendLine("  GET  /sim/faults, DELETE /sim/faults    the faults switched on; switch them all off");
        text.AppendLine("  POST /sim/faults                        switch faults on: token lifetime, statuses per route, delays, malformed bodies, long values, echoed requests, display forms");
        text.AppendLine("Details: src/Simulator/README.md.");
        text.AppendLine();
        text.AppendLine("Exit codes: 0 stopped or help printed; 2 a wrong option or value, or the port in use.");
        return text.ToString();
    }

    static string Unknown(string name)
    {
        var closest = Closest(name);
        return closest is null
            ? $"unknown option --{name} (see --help)"
            : $"unknown option --{name}; did you mean --{closest}?";
    }

    /// <summary>The known option a misspelt <paramref name="name"/> most likely meant, or null when none is close.</summary>
    static string? Closest(string name)
    {
        var lower = name.ToLowerInvariant();
        var candidates = Options.Select(o => o.Name).Append("help").ToList();
        if (lower.Length >= 3 && candidates.FirstOrDefault(c => c.StartsWith(lower, StringComparison.Ordinal)) is { } completion)
            return completion;
        var (best, distance) = candidates.Select(c => (c, Distance(lower, c))).MinBy(x => x.Item2);
        return distance <= Math.Max(1, lower.Length / 3) ? best : null;
    }

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions or substitutions from a to b.</summary>
    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
