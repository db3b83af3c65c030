using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>Contact points take every address from the environment, and the policy routes each severity.</summary>
public partial class NotificationProvisioningTests
{
    static readonly ContactPointFile ContactPoints = AlertingFiles.ContactPoints();
    static readonly PolicyFile Policies = AlertingFiles.Policies();

    [Fact]
    public void ContactPointsReadTheSlackWebhookAndTheEmailAddressesFromEnvironmentVariablesOnly()
    {
        var receivers = ContactPoints.ContactPoints.SelectMany(c => c.Receivers).ToList();

        Assert.All(receivers.Where(r => r.Type == "slack"), slack =>
        {
            Assert.Equal("$SLACK_WEBHOOK_URL", slack.Settings["url"]);
            Assert.False(slack.Settings.ContainsKey("token"));
        });
        Assert.All(receivers.Where(r => r.Type == "email"), email => Assert.Equal("$ALERT_EMAILS", email.Settings["addresses"]));
        Assert.Equal(["email", "slack"], receivers.Select(r => r.Type).Distinct().Order(StringComparer.Ordinal));
        foreach (var receiver in receivers)
        {
            foreach (var (key, value) in receiver.Settings)
            {
                var text = Assert.IsType<string>(value);
                Assert.True(EnvironmentReference().IsMatch(text) || text is "true" or "false",
                    $"{receiver.Uid}.{key} must be an environment variable reference ($NAME), not a literal: {text}");
            }
        }
    }

    [Fact]
    public void ReceiverUidsAndContactPointNamesAreFixedAndUnique()
    {
        var uids = ContactPoints.ContactPoints.SelectMany(c => c.Receivers).Select(r => r.Uid).ToList();
        var names = ContactPoints.ContactPoints.Select(c => c.Name).ToList();

        Assert.All(uids, uid => Assert.Matches("^[a-z0-9-]{1,40}$", uid));
        Assert.Equal(uids.Count, uids.Distinct().Count());
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(ContactPoints.ContactPoints, c => Assert.Equal(1, c.OrgId));
    }

    [Fact]
    public void CriticalAlertsGoToSlackAndEmailAndWarningsToSlackOnly()
    {
        var policy = Assert.Single(Policies.Policies);

        Assert.Equal(["slack"], ReceiverTypes(policy.Receiver));
        Assert.Equal(["email", "slack"], ReceiverTypes(RouteFor(policy, "critical").Receiver));
        Assert.Equal(["slack"], ReceiverTypes(RouteFor(policy, "warning").Receiver));
        Assert.True(GrafanaDuration.Parse(RouteFor(policy, "critical").RepeatInterval) < GrafanaDuration.Parse(RouteFor(policy, "warning").RepeatInterval));
    }

    [Fact]
    public void EverySeverityTheRulesUseHasARouteAndAlertsAreGroupedPerRuleAndPbx()
    {
        var policy = Assert.Single(Policies.Policies);
        var severities = AlertingFiles.Rules().AllRules.Select(r => r.Labels["severity"]).Distinct();

        Assert.All(severities, severity => RouteFor(policy, severity));
        Assert.Contains("alertname", policy.GroupBy);
        Assert.Contains("pbx", policy.GroupBy);
        Assert.All(new[] { policy.GroupWait, policy.GroupInterval, policy.RepeatInterval }, d => Assert.True(GrafanaDuration.Parse(d) > TimeSpan.Zero));
    }

    static Policy RouteFor(Policy root, string severity) =>
        Assert.Single(root.Routes, r => r.ObjectMatchers.Any(m => m.SequenceEqual(["severity", "=", severity])));

    static string[] ReceiverTypes(string contactPointName) =>
        Assert.Single(ContactPoints.ContactPoints, c => c.Name == contactPointName)
            .Receivers.Select(r => r.Type).Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"^\$\{?[A-Z][A-Z0-9_]*\}?$")]
    private static partial Regex EnvironmentReference();
}
