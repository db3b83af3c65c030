using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>The alerting provisioning files are what Grafana's file provisioning accepts, and hang together.</summary>
public partial class AlertProvisioningTests
{
    const string InfluxDatasource = "threecx-influx";
    static readonly string[] Reducers = ["last", "mean", "max", "min", "sum", "count"];
    static readonly string[] ThresholdTypes = ["gt", "lt", "within_range", "outside_range"];
    static readonly RuleFile File = AlertingFiles.Rules();

    [Fact]
    public void EveryFileInTheAlertingFolderParsesAndDeclaresApiVersion1()
    {
        var files = AlertingFiles.All();

        Assert.Equal(
            ["contact-points.yaml", "policies.yaml", "rules.yaml"],
            files.Select(f => Path.GetFileName(f)!).ToArray());
        foreach (var path in files)
        {
            var document = Assert.IsType<Dictionary<object, object>>(AlertingFiles.Untyped(path));
            Assert.Equal("1", document["apiVersion"]);
        }
        Assert.Equal(1, File.ApiVersion);
        Assert.Equal(1, AlertingFiles.ContactPoints().ApiVersion);
        Assert.Equal(1, AlertingFiles.Policies().ApiVersion);
    }

    [Fact]
    public void RuleUidsAreFixedUniqueAndShortEnoughForGrafana()
    {
        var uids = File.AllRules.Select(r => r.Uid).ToList();

        Assert.Equal(8, uids.Count);
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(uids, uid => Assert.Matches(Uid(), uid));
        Assert.All(File.AllRules, rule => Assert.NotEmpty(rule.Title));
        Assert.Equal(uids.Count, File.AllRules.Select(r => r.Title).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void GroupsHaveAFolderAnOrganisationAndAValidInterval()
    {
        Assert.NotEmpty(File.Groups);
        Assert.All(File.Groups, group =>
        {
            Assert.Equal(1, group.OrgId);
            // Not the dashboards' folder title ("3CX Call Centre"): alerting is provisioned first and would take that title before
            // the dashboard provider creates its folder with its fixed uid.
            Assert.Equal("3CX Alerts", group.Folder);
            Assert.NotEmpty(group.Name);
            Assert.InRange(GrafanaDuration.Parse(group.Interval), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
            Assert.NotEmpty(group.Rules);
        });
    }

    [Fact]
    public void EveryDatasourceReferenceIsTheProvisionedInfluxDbOrAServerSideExpression()
    {
        foreach (var step in File.AllRules.SelectMany(r => r.Data))
        {
            Assert.Contains(step.DatasourceUid, new[] { InfluxDatasource, RuleQuery.ExpressionDatasource });
            var datasource = step.ModelMap("datasource");
            Assert.NotNull(datasource);
            Assert.Equal(step.DatasourceUid, datasource["uid"]);
            Assert.Equal(step.IsExpression ? "__expr__" : "influxdb", datasource["type"]);
            Assert.Equal(step.RefId, step.ModelString("refId"));
        }
    }

    [Fact]
    public void QueriesAreRawInfluxQlOverAClosedRelativeRangeWithGrafanasTimeFilter()
    {
        foreach (var rule in File.AllRules)
        {
            var queries = rule.Data.Where(d => !d.IsExpression).ToList();
            Assert.NotEmpty(queries);
            Assert.All(queries, query =>
            {
                Assert.Equal("true", query.ModelString("rawQuery"));
                Assert.Equal("time_series", query.ModelString("resultFormat"));
                Assert.Contains("$timeFilter", query.ModelString("query"));
                Assert.True(query.RelativeTimeRange.From > query.RelativeTimeRange.To, $"{rule.Uid}/{query.RefId}: the range must end after it starts");
            });
        }
    }

    [Fact]
    public void ConditionAndEveryExpressionReferToEarlierStepsOfTheSameRule()
    {
        foreach (var rule in File.AllRules)
        {
            var refIds = rule.Data.Select(d => d.RefId).ToList();
            Assert.Equal(refIds.Count, refIds.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(refIds[^1], rule.Condition);
            for (var i = 0; i < rule.Data.Count; i++)
            {
                var step = rule.Data[i];
                if (!step.IsExpression) continue;
                var earlier = refIds.Take(i).ToHashSet();
                switch (step.ExpressionType)
                {
                    case "reduce":
                        Assert.Contains(step.ModelString("reducer"), Reducers);
                        Assert.Contains(step.ModelString("expression")!, earlier);
                        Assert.Equal("dropNN", step.ModelMap("settings")?["mode"]);
                        break;
                    case "threshold":
                        Assert.Contains(step.ModelString("expression")!, earlier);
                        Assert.Contains(step.Evaluator.Type, ThresholdTypes);
                        break;
                    case "math":
                        var references = MathReference().Matches(step.ModelString("expression")!).Select(m => m.Groups[1].Value).ToList();
                        Assert.NotEmpty(references);
                        Assert.All(references, r => Assert.Contains(r, earlier));
                        break;
                    default:
                        Assert.Fail($"{rule.Uid}/{step.RefId}: expression type '{step.ExpressionType}' is not one the tests evaluate.");
                        break;
                }
            }
        }
    }

    [Fact]
    public void EveryRuleHasASummaryADescriptionARunbookLinkAndASeverity()
    {
        Assert.All(File.AllRules, rule =>
        {
            Assert.Equal(["description", "runbook_url", "summary"], rule.Annotations.Keys.Order(StringComparer.Ordinal));
            Assert.All(rule.Annotations.Values, text => Assert.False(string.IsNullOrWhiteSpace(text)));
            Assert.StartsWith("{{ externalURL }}public/runbooks/alerts.html#", rule.Annotations["runbook_url"]);
            Assert.Contains(rule.Labels["severity"], new[] { "warning", "critical" });
        });
    }

    [Fact]
    public void NoDataAndErrorStatesAreSetExplicitlyOnEveryRule()
    {
        Assert.All(File.AllRules, rule =>
        {
            Assert.Contains(rule.NoDataState, new[] { "OK", "NoData", "Alerting", "KeepLast" });
            Assert.Contains(rule.ExecErrState, new[] { "Error", "Alerting", "OK", "KeepLast" });
            Assert.False(rule.IsPaused);
        });
        Assert.Equal("Alerting", File.Rule("threecx-live-stale").NoDataState);
    }

    [Fact]
    public void AnnotationsUseOnlyLabelsTheQueriesGroupByAndValuesOfExpressionSteps()
    {
        foreach (var rule in File.AllRules)
        {
            var tags = rule.Data.Where(d => !d.IsExpression)
                .SelectMany(d => GroupByTag().Matches(d.ModelString("query")!).Select(m => m.Groups[1].Value))
                .ToHashSet();
            var expressionSteps = rule.Data.Where(d => d.IsExpression).Select(d => d.RefId).ToHashSet();
            foreach (var (key, text) in rule.Annotations)
            {
                foreach (Match label in LabelReference().Matches(text))
                    Assert.True(tags.Contains(label.Groups[1].Value), $"{rule.Uid}.{key} uses $labels.{label.Groups[1].Value}, which no query groups by.");
                foreach (Match value in ValueReference().Matches(text))
                    Assert.True(expressionSteps.Contains(value.Groups[1].Value), $"{rule.Uid}.{key} uses $values.{value.Groups[1].Value}, which is no expression step.");
                Assert.Equal(text.Split("{{").Length, text.Split("}}").Length);
            }
        }
    }

    [Fact]
    public void NothingGrafanaInterpolatesFromTheEnvironmentContainsADollarSign()
    {
        // Grafana expands $NAME in uids, titles, labels, folders and group names when it loads the file, so a `$` there
        // would silently become the value of some environment variable (usually empty).
        foreach (var group in File.Groups)
        {
            Assert.DoesNotContain('$', group.Name + group.Folder + group.Interval);
            foreach (var rule in group.Rules)
            {
                Assert.DoesNotContain('$', rule.Uid + rule.Title + rule.Condition + rule.For);
                Assert.All(rule.Labels, label => Assert.DoesNotContain('$', label.Key + label.Value));
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex Uid();

    [GeneratedRegex(@"\$\{?([A-Za-z]\w*)\}?")]
    private static partial Regex MathReference();

    [GeneratedRegex(@"\$labels\.(\w+)")]
    private static partial Regex LabelReference();

    [GeneratedRegex(@"\$values\.(\w+)")]
    private static partial Regex ValueReference();

    /// <summary>The quoted tag names after GROUP BY (time(…) and fill(…) are unquoted, so not matched).</summary>
    [GeneratedRegex(@"(?<=GROUP BY .*)""(\w+)""", RegexOptions.Singleline)]
    private static partial Regex GroupByTag();
}
