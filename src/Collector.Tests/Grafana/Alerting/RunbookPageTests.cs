using System.Net;
using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>
/// The runbook links in the alert messages open a page a browser shows, at the rule's section: Grafana serves
/// grafana/runbooks/alerts.html (docs/alerts.md rendered, see <see cref="RunbookPage"/>), docker-compose.yml mounts it
/// where the links point, and every link's anchor is the id of that rule's heading.
/// </summary>
public sealed partial class RunbookPageTests
{
    static readonly RuleFile Rules = AlertingFiles.Rules();

    [Fact]
    public void TheServedRunbookPageIsDocsAlertsMdRenderedAndUpToDate()
    {
        var expected = RunbookPage.Render(RepositoryFiles.ReadAllText(RunbookPage.Source));
        var path = RepositoryFiles.PathOf(RunbookPage.Served);
        if (Environment.GetEnvironmentVariable(RunbookPage.UpdateVariable) == "1")
            File.WriteAllText(path, expected);

        Assert.True(File.Exists(path), $"{RunbookPage.Served} is missing: run {RunbookPage.UpdateVariable}=1 dotnet test Collector.sln --filter RunbookPage");
        Assert.True(expected == File.ReadAllText(path),
            $"{RunbookPage.Served} is out of date with {RunbookPage.Source}: run {RunbookPage.UpdateVariable}=1 dotnet test Collector.sln --filter RunbookPage and commit both.");
    }

    [Fact]
    public void EveryRuleLinksToTheHeadingOfItsOwnRunbookInTheServedPage()
    {
        var headings = HeadingsById(RepositoryFiles.ReadAllText(RunbookPage.Served));

        Assert.All(Rules.AllRules, rule =>
        {
            var url = rule.Annotations["runbook_url"];
            Assert.StartsWith(RunbookPage.LinkPrefix, url, StringComparison.Ordinal);
            var anchor = url[RunbookPage.LinkPrefix.Length..];
            Assert.True(headings.TryGetValue(anchor, out var heading), $"{rule.Uid}: {RunbookPage.Served} has no element with id \"{anchor}\".");
            Assert.Equal(rule.Title, heading);
        });
    }

    [Fact]
    public void TheRenderedPageGivesEveryHeadingGitHubsAnchorAndKeepsTheDocsOwnLinks()
    {
        const string markdown = "# Runbooks\n\n## Notifications: Slack and email\n\n### Longest wait above the SLA threshold\n\n" +
                                "As for [Calls waiting](#calls-waiting): `a && b` <grafana>.\n\n| a | b |\n|---|---|\n| `> 4` | x |\n";

        var html = RunbookPage.Render(markdown);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["runbooks"] = "Runbooks",
                ["notifications-slack-and-email"] = "Notifications: Slack and email",
                ["longest-wait-above-the-sla-threshold"] = "Longest wait above the SLA threshold",
            },
            HeadingsById(html));
        Assert.Contains("<a href=\"#calls-waiting\">Calls waiting</a>", html, StringComparison.Ordinal);
        Assert.Contains("<code>a &amp;&amp; b</code>", html, StringComparison.Ordinal);
        Assert.Contains("<td><code>&gt; 4</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Runbooks</title>", html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerComposeMountsTheRunbookPageWhereTheLinksPoint()
    {
        var compose = RepositoryFiles.ReadAllText("docker-compose.yml");

        Assert.Contains($"- ./{RunbookPage.Served}:{RunbookPage.GrafanaPath}:ro", compose, StringComparison.Ordinal);
        Assert.DoesNotContain("runbooks/alerts.md", compose, StringComparison.Ordinal);
        // Grafana serves its public folder at <root>/public/, which is what {{ externalURL }}public/… in the links names.
        Assert.EndsWith("/public/runbooks/alerts.html", RunbookPage.GrafanaPath, StringComparison.Ordinal);
        Assert.EndsWith("public/runbooks/alerts.html#", RunbookPage.LinkPrefix, StringComparison.Ordinal);
    }

    /// <summary>Each heading's id and its text (tags removed, entities decoded).</summary>
    static Dictionary<string, string> HeadingsById(string html) =>
        Heading().Matches(html).ToDictionary(
            m => m.Groups["id"].Value,
            m => WebUtility.HtmlDecode(Tag().Replace(m.Groups["text"].Value, "")));

    [GeneratedRegex("<h[1-6] id=\"(?<id>[^\"]+)\">(?<text>.*?)</h[1-6]>", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
