using Collector.Tests.Grafana.Support;

namespace Collector.Tests.Grafana.Dashboards;

public sealed class SecretLiteralTests
{
    /// <summary>Everything under grafana/, every compose file, Dockerfile and .env example in the repository.</summary>
    static IEnumerable<string> FilesToScan()
    {
        var root = RepositoryFiles.Root;
        foreach (var file in Directory.EnumerateFiles(GrafanaFiles.GrafanaDirectory, "*", SearchOption.AllDirectories))
            yield return file;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = GrafanaFiles.Relative(file);
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)
                || relative.Contains("/obj/", StringComparison.Ordinal) || relative.StartsWith("grafana/", StringComparison.Ordinal))
                continue;
            var name = Path.GetFileName(file);
            if (name.StartsWith("docker-compose", StringComparison.Ordinal) || name.StartsWith("compose.", StringComparison.Ordinal)
                || name.StartsWith("Dockerfile", StringComparison.Ordinal) || name.EndsWith(".env.example", StringComparison.Ordinal)
                || name == ".env.example" || name == ".dockerignore")
                yield return file;
        }
    }

    [Fact]
    public void NoSecretLiteralIsWrittenInTheGrafanaOrDockerFiles()
    {
        var files = FilesToScan().ToArray();

        Assert.Contains(files, f => f.EndsWith("influxdb.yaml", StringComparison.Ordinal));
        var findings = SecretScanner.ScanFiles(files, RepositoryFiles.Root);
        Assert.True(findings.Count == 0, "Secret literals found:\n" + string.Join("\n", findings));
    }

    [Theory]
    [InlineData("password: hunter2")]
    [InlineData("    secureJsonData:\n      httpHeaderValue1: Token 3kP9xQ-abcdef")]
    [InlineData("\"token\": \"a1b2c3d4e5\",")]
    [InlineData("GF_SECURITY_ADMIN_PASSWORD=${GRAFANA_ADMIN_PASSWORD:-admin}")]
    [InlineData("ENV Pbxs__0__ClientSecret=s3cr3t")]
    [InlineData("#   password: hunter2")]
    [InlineData("url: https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefABCDEF123456")]
    [InlineData("url: http://admin:hunter2@influxdb:8086")]
    [InlineData("header: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb2xsZWN0b3IifQ.c2lnbmF0dXJl")]
    [InlineData("SLACK_WEBHOOK_URL: ${SLACK_WEBHOOK_URL:-https://hooks.example.com/services/abc}")]
    [InlineData("SLACK_WEBHOOK_URL: ${SLACK_WEBHOOK_URL:-http://user:pw@127.0.0.1:9/}")]
    public void TheScannerFindsSecretLiterals(string text) =>
        Assert.NotEmpty(SecretScanner.Scan("sample", text));

    [Theory]
    [InlineData("password: ${INFLUX_PASSWORD}")]
    [InlineData("httpHeaderValue1: Token ${INFLUX_TOKEN}")]
    [InlineData("\"password\": \"$INFLUX_PASSWORD\",")]
    [InlineData("GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?set it in .env}")]
    [InlineData("INFLUX_PASSWORD=")]
    [InlineData("GRAFANA_ADMIN_PASSWORD=change-me")]
    [InlineData("SLACK_WEBHOOK_URL=<your Slack incoming-webhook URL>")]
    [InlineData("tokenLifetimeSeconds: 60")]
    [InlineData("secureJsonData:")]
    [InlineData("url: ${SLACK_WEBHOOK_URL}")]
    [InlineData("SLACK_WEBHOOK_URL: ${SLACK_WEBHOOK_URL:-http://127.0.0.1:9/set-SLACK_WEBHOOK_URL-in-.env}")]
    [InlineData("#   INFLUX_PASSWORD  that user's password; empty without authentication")]
    public void TheScannerLetsEnvironmentReferencesAndPlaceholdersThrough(string text) =>
        Assert.Empty(SecretScanner.Scan("sample", text));
}
