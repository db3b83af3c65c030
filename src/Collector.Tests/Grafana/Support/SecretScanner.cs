using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Support;

/// <summary>One suspected secret: where, and why.</summary>
public sealed record SecretFinding(string File, int Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}

/// <summary>
/// Finds secret literals in configuration text (YAML, JSON, .env, Dockerfile). A value under a secret-sounding key
/// (password, secret, token, api key, webhook, authorization, header value, credentials) must come from the
/// environment (<c>${VAR}</c>, <c>$VAR</c>, possibly after a scheme word as in <c>Token ${INFLUX_TOKEN}</c>), be empty,
/// a number or boolean, or an obvious placeholder (<c>change-me</c>, <c>&lt;your token&gt;</c>); a compose default
/// (<c>${VAR:-literal}</c>) counts as a literal, unless it is an http URL on the container's own loopback (a stand-in
/// that reaches nothing, such as docker-compose.yml's for an empty <c>SLACK_WEBHOOK_URL</c>). Well-known secret shapes (Slack webhooks and tokens, JWTs, private
/// keys, passwords inside URLs) are reported wherever they appear. Comments are scanned too: a commented-out secret
/// is still a secret in the repository.
/// </summary>
public static partial class SecretScanner
{
    public static IReadOnlyList<SecretFinding> ScanFiles(IEnumerable<string> paths, string root) =>
        paths.SelectMany(path => Scan(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path))).ToArray();

    public static IReadOnlyList<SecretFinding> Scan(string fileName, string text)
    {
        var findings = new List<SecretFinding>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            foreach (var (pattern, reason) in KnownShapes)
                if (pattern.IsMatch(line))
                    findings.Add(new SecretFinding(fileName, i + 1, reason));
            var assignment = SecretAssignment().Match(line);
            if (assignment.Success && !IsAllowedValue(assignment.Groups["value"].Value))
                findings.Add(new SecretFinding(fileName, i + 1, $"'{assignment.Groups["key"].Value}' has a literal value; take it from an environment variable (${{VAR}})"));
        }
        return findings;
    }

    static bool IsAllowedValue(string raw)
    {
        var value = raw.Trim().TrimEnd(',').Trim().Trim('"', '\'').Trim();
        if (value.Length == 0 || value is "|" or ">" or "{" or "[" or "null" or "~") return true;
        if (bool.TryParse(value, out _) || double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)) return true;
        if (ComposeDefault().IsMatch(value)) return LoopbackStandIn().IsMatch(value);
        if (FromEnvironment().IsMatch(value)) return true;
        return Placeholder().IsMatch(value);
    }

    static readonly (Regex Pattern, string Reason)[] KnownShapes =
    [
        (new Regex(@"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+", RegexOptions.CultureInvariant), "a Slack webhook URL"),
        (new Regex(@"\bxox[abeoprs]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant), "a Slack token"),
        (new Regex(@"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.", RegexOptions.CultureInvariant), "a JWT"),
        (new Regex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----", RegexOptions.CultureInvariant), "a private key"),
        (new Regex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant), "an AWS access key"),
        (new Regex(@"\bgh[pousr]_[A-Za-z0-9]{30,}", RegexOptions.CultureInvariant), "a GitHub token"),
        (new Regex(@"[a-z][a-z0-9+.-]*://[^/\s:@$]+:(?!\$)[^/\s@]+@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase), "a password inside a URL"),
    ];

    // key: value (YAML), "key": "value" (JSON), KEY=value (.env, Dockerfile ENV), --key value is out of scope.
    [GeneratedRegex(@"^[\s#>*-]*(?:ENV\s+|ARG\s+|export\s+)?[""']?(?<key>[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|webhook|authorization|credential|httpheadervalue)[A-Za-z0-9_.-]*)[""']?\s*(?::|=)\s*(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=+][^}]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex ComposeDefault();

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*:?-http://(?:127\.0\.0\.1|localhost):\d+/[^}@]*\}$", RegexOptions.CultureInvariant)]
    private static partial Regex LoopbackStandIn();

    [GeneratedRegex(@"^(?:(?:Bearer|Token|Basic)\s+)?(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\$__file\{[^}]+\}|\$__env\{[^}]+\})$", RegexOptions.CultureInvariant)]
    private static partial Regex FromEnvironment();

    [GeneratedRegex(@"^(?:<[^>]*>|change[-_ ]?me.*|replace[-_ ]?me.*|x{3,}|\*{3,}|your[-_ ].*|example.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
