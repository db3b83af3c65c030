using System.Globalization;
using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>
/// docs/alerts.md documents the thresholds and holds a runbook per rule; these tests keep it equal to rules.yaml
/// (Grafana's file provisioning has no variables, so the numbers are written in both).
/// </summary>
public partial class AlertRuleDocumentationTests
{
    const string Doc = "docs/alerts.md";
    static readonly RuleFile File = AlertingFiles.Rules();
    static readonly string Text = RepositoryFiles.ReadAllText(Doc);

    [Fact]
    public void TheThresholdsTableHasOneRowPerRuleWithItsSeverityThresholdsForAndInterval()
    {
        var rows = ThresholdRows();

        Assert.Equal(File.AllRules.Select(r => r.Uid).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var group in File.Groups)
        {
            foreach (var rule in group.Rules)
            {
                var row = rows[rule.Uid];
                Assert.Equal(rule.Labels["severity"], row.Severity);
                Assert.Equal(Thresholds(rule), row.Thresholds);
                Assert.Equal(rule.For, row.For);
                Assert.Equal(group.Interval, row.Interval);
            }
        }
    }

    [Fact]
    public void EveryRunbookLinkPointsAtAHeadingOfTheAlertsDoc()
    {
        var anchors = Headings().Matches(Text).Select(m => Slug(m.Groups[1].Value)).ToHashSet();

        Assert.All(File.AllRules, rule =>
        {
            var anchor = rule.Annotations["runbook_url"].Split('#', 2)[1];
            Assert.True(anchors.Contains(anchor), $"{rule.Uid}: {Doc} has no heading for #{anchor}.");
        });
        Assert.Equal(File.AllRules.Count(), File.AllRules.Select(r => r.Annotations["runbook_url"]).Distinct().Count());
    }

    [Fact]
    public void GitHubStyleSlugsAreComputedAsGitHubDoes()
    {
        Assert.Equal("longest-wait-above-the-sla-threshold", Slug("Longest wait above the SLA threshold"));
        Assert.Equal("notifications-slack-and-email", Slug("Notifications: Slack and email"));
    }

    /// <summary>Each threshold step of the rule in order, written as the table writes it: <c>&gt; 5</c>, <c>&lt; 0.8</c>.</summary>
    static string[] Thresholds(AlertRule rule) => rule.Data.Where(d => d.ExpressionType == "threshold").Select(d =>
    {
        var (type, parameters) = d.Evaluator;
        var op = type switch { "gt" => ">", "lt" => "<", _ => type };
        return $"{op} {string.Join(" ", parameters.Select(p => p.ToString(CultureInfo.InvariantCulture)))}";
    }).ToArray();

    sealed record Row(string Severity, string[] Thresholds, string For, string Interval);

    static Dictionary<string, Row> ThresholdRows()
    {
        var section = Text[Text.IndexOf("## Thresholds", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = new Dictionary<string, Row>();
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (!cells[1].StartsWith('`')) continue;   // the header row
            var thresholds = cells[3].Split(',').Select(t => t.Trim().Trim('`')).ToArray();
            rows.Add(cells[1].Trim('`'), new Row(cells[2], thresholds, cells[4], cells[5]));
        }
        return rows;
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation other than '-' and '_' removed, spaces to '-'.</summary>
    static string Slug(string heading) =>
        Punctuation().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Headings();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex Punctuation();
}
