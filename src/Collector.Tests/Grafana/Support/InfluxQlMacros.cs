using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Support;

/// <summary>
/// Expands a raw InfluxQL query the way Grafana's InfluxDB (InfluxQL) datasource does before it sends it, so the tests
/// can run the very text of a dashboard panel or an alert rule against a real influxd:
/// <list type="bullet">
/// <item><c>$timeFilter</c> (and <c>$__timeFilter</c>) → <c>time &gt;= {from}ms and time &lt;= {to}ms</c>;</item>
/// <item><c>$__interval</c> / <c>$interval</c> → the interval as Grafana writes it (largest whole unit, truncated:
/// <c>1d</c>, <c>1h</c>, <c>5m</c>, <c>30s</c>, <c>500ms</c>); <c>$__interval_ms</c> → milliseconds;</item>
/// <item><c>$__from</c> / <c>$__to</c> → epoch milliseconds;</item>
/// <item>template variables in the forms <c>$name</c>, <c>${name}</c>, <c>${name:format}</c> and <c>[[name]]</c>.
/// Inside a regex literal (<c>=~ /…/</c> or <c>!~ /…/</c>) a value is regex-escaped as Grafana's <c>escapeRegex</c>
/// does, and several values (a multi-value selection, or All without a custom all value) become <c>(a|b|c)</c>.
/// Outside a regex a single value is inserted raw.</item>
/// </list>
/// A dashboard variable wins over a built-in of the same name (Grafana replaces dashboard variables in the browser
/// first), so a custom variable called <c>interval</c> replaces <c>$interval</c>. Unknown names are left as they are,
/// as Grafana leaves them; <see cref="Unresolved"/> finds them. Time-zone-aware daily boundaries
/// (<c>GROUP BY time(1d)</c> offsets or <c>tz()</c>) are the query's own business.
/// </summary>
public static class InfluxQlMacros
{
    static readonly Regex Reference = new(
        @"\$\{(?<name>\w+)(?::(?<format>\w+))?\}|\[\[(?<name>\w+)(?::(?<format>\w+))?\]\]|\$(?<name>\w+)",
        RegexOptions.CultureInvariant);

    static readonly Regex RegexLiteral = new(@"[=!]~\s*/(?:\\.|[^/\\])*/", RegexOptions.CultureInvariant);

    static readonly Regex RegexSpecial = new(@"[\\^$*+?.()|\[\]{}/]", RegexOptions.CultureInvariant);

    static readonly Regex UnresolvedReference = new(@"\$\{?\w|\[\[\w", RegexOptions.CultureInvariant);

    /// <summary>
    /// Substitutes as Grafana's InfluxQL datasource does: <c>$timeFilter</c> (<c>time &gt;= {from}ms and time &lt;= {to}ms</c>),
    /// <c>$__interval</c> / <c>$interval</c> (given), <c>$__interval_ms</c>, <c>$__from</c>/<c>$__to</c>, <c>$__timeFilter</c>,
    /// template variables (<c>$pbx</c>, <c>${pbx}</c>, <c>[[pbx]]</c>, <c>/^$queue$/</c> regex form with multi-value and All →
    /// regex alternation escaped). <c>$__timezone</c>-aware <c>GROUP BY time(1d)</c> offsets are left to the query itself.
    /// </summary>
    /// <param name="query">The raw query text of a panel target or alert rule.</param>
    /// <param name="from">Start of the dashboard's time range.</param>
    /// <param name="to">End of the dashboard's time range.</param>
    /// <param name="interval">The panel's <c>$__interval</c>.</param>
    /// <param name="variables">Each template variable's selected values; pass every option's value for All.</param>
    public static string Expand(string query, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, IReadOnlyDictionary<string, string[]> variables)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(variables);
        if (to < from) throw new ArgumentException($"The time range ends ({to:O}) before it starts ({from:O}).", nameof(to));
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");

        var regexSpans = RegexLiteral.Matches(query).Select(m => (Start: m.Index, End: m.Index + m.Length)).ToArray();
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();

        return Reference.Replace(query, match =>
        {
            var name = match.Groups["name"].Value;
            var format = match.Groups["format"].Success ? match.Groups["format"].Value : null;
            if (variables.TryGetValue(name, out var values))
            {
                var inRegex = regexSpans.Any(span => match.Index > span.Start && match.Index < span.End);
                return FormatValues(name, values, format, inRegex);
            }
            return name switch
            {
                "timeFilter" or "__timeFilter" => Invariant($"time >= {fromMs}ms and time <= {toMs}ms"),
                "__interval" or "interval" => FormatInterval(interval),
                "__interval_ms" => Invariant($"{(long)interval.TotalMilliseconds}"),
                "__from" => Invariant($"{fromMs}"),
                "__to" => Invariant($"{toMs}"),
                _ => match.Value,
            };
        });
    }

    /// <summary>
    /// <c>now()</c> as the instant <paramref name="now"/> (<c>{ms}ms</c>). Grafana sends <c>now()</c> untouched and InfluxDB reads its
    /// own clock; the tests play a simulated moment, so they pin InfluxDB's now to it, as if influxd's clock and Grafana's
    /// agreed (they share a host or NTP in the deployments described in the docs).
    /// </summary>
    public static string PinNow(string expandedQuery, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(expandedQuery);
        return NowFunction.Replace(expandedQuery, Invariant($"{now.ToUnixTimeMilliseconds()}ms"));
    }

    static readonly Regex NowFunction = new(@"\bnow\(\s*\)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>The variable references still in an expanded query (names no dashboard variable or built-in supplied).</summary>
    public static IReadOnlyList<string> Unresolved(string expandedQuery)
    {
        ArgumentNullException.ThrowIfNull(expandedQuery);
        return UnresolvedReference.Matches(expandedQuery).Select(m => m.Value).ToArray();
    }

    /// <summary>An interval as Grafana's backend writes it: the largest unit with a whole count, truncated (90 s → <c>1m</c>).</summary>
    public static string FormatInterval(TimeSpan interval)
    {
        var units = new (TimeSpan Size, string Suffix)[]
        {
            (TimeSpan.FromDays(365), "y"), (TimeSpan.FromDays(1), "d"), (TimeSpan.FromHours(1), "h"),
            (TimeSpan.FromMinutes(1), "m"), (TimeSpan.FromSeconds(1), "s"), (TimeSpan.FromMilliseconds(1), "ms"),
        };
        foreach (var (size, suffix) in units)
            if (interval >= size) return Invariant($"{interval.Ticks / size.Ticks}{suffix}");
        return "1ms";
    }

    /// <summary>Grafana's <c>escapeRegex</c>: a backslash before every regex metacharacter and <c>/</c>.</summary>
    public static string EscapeRegex(string value) => RegexSpecial.Replace(value, m => "\\" + m.Value);

    static string FormatValues(string name, string[] values, string? format, bool inRegex)
    {
        if (values.Length == 0) throw new ArgumentException($"Variable '{name}' has no selected value.", nameof(values));
        if (format is "raw" || (format is null && !inRegex && values.Length == 1)) return string.Join(",", values);
        if (format is not (null or "regex"))
            throw new NotSupportedException($"Variable format '{format}' (in ${{{name}:{format}}}) is not supported by the test expander.");
        if (values.Length == 1) return EscapeRegex(values[0]);
        var alternation = new StringBuilder("(");
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) alternation.Append('|');
            alternation.Append(EscapeRegex(values[i]));
        }
        return alternation.Append(')').ToString();
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
