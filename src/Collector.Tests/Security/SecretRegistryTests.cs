using System.Text;
using System.Text.Json;
using Collector.Configuration;
using Collector.Security;

namespace Collector.Tests.Security;

public sealed class SecretRegistryTests
{
    [Fact]
    public void ASecretIsMaskedAsItIsAndInEveryFormAnEchoingServerSendsItBackIn()
    {
        var secrets = new SecretRegistry();
        const string secret = "p@ss w+rd/ü\"x";
        secrets.Add(secret);

        var url = Uri.EscapeDataString(secret);
        var forms = new[]
        {
            secret,
            url.Replace("%20", "+", StringComparison.Ordinal),   // a form body
            url,
            url.ToLowerInvariant(),
            JsonSerializer.Serialize(secret)[1..^1],            // inside a JSON string
        };

        foreach (var form in forms)
            Assert.Equal($"client_secret=***&grant_type=client_credentials", secrets.Mask($"client_secret={form}&grant_type=client_credentials"));
    }

    [Fact]
    public void EveryOccurrenceIsMaskedAndTheRestOfTheTextIsKept()
    {
        var secrets = new SecretRegistry();
        secrets.Add("s3cr3t-value");
        secrets.AddToken("eyJhbGciOi.token.sig");

        var masked = secrets.Mask("Authorization: Bearer eyJhbGciOi.token.sig Body: client_secret=s3cr3t-value, again s3cr3t-value.");

        Assert.Equal("Authorization: Bearer *** Body: client_secret=***, again ***.", masked);
    }

    [Fact]
    public void TextWithoutASecretIsReturnedAsItIs()
    {
        var secrets = new SecretRegistry();
        secrets.Add("s3cr3t-value");
        const string text = "The PBX failed with 503 on /xapi/v1/Users.";

        Assert.Same(text, secrets.Mask(text));
        Assert.Same(text, new SecretRegistry().Mask(text));
    }

    [Fact]
    public void ALongerSecretThatContainsAShorterOneIsMaskedWhole()
    {
        var secrets = new SecretRegistry();
        secrets.Add("abcd");
        secrets.Add("abcdefgh-ijkl");

        Assert.Equal("x *** y ***", secrets.Mask("x abcdefgh-ijkl y abcd"));
    }

    [Fact]
    public void SecretsShorterThanTheMinimumAreNotMaskedSoMessagesStayReadable()
    {
        var secrets = new SecretRegistry();
        secrets.Add("abc");

        Assert.Equal("abc", secrets.Mask("abc"));
    }

    [Fact]
    public void OnlyTheMostRecentTokensAreKept()
    {
        var secrets = new SecretRegistry();
        for (var i = 0; i < SecretRegistry.MaxTokens + 10; i++)
            secrets.AddToken($"token-{i:D5}");

        Assert.Equal("token-00000", secrets.Mask("token-00000"));
        Assert.Equal(SecretRegistry.Replacement, secrets.Mask($"token-{SecretRegistry.MaxTokens + 9:D5}"));
    }

    [Fact]
    public void TheConfiguredSecretsAreEveryPbxSecretAndInfluxDbsAndGrafanasCredentials()
    {
        var settings = new CollectorSettings
        {
            Pbxs = [new PbxOptions { Name = "hq", ClientSecret = "hq-secret-1" }, new PbxOptions { Name = "branch", ClientSecret = "branch-secret-2" }],
            Influx = new InfluxOptions { Token = "influx-token-3", Username = "writer", Password = "influx-password-4" },
            Grafana = new GrafanaOptions { ApiToken = "glsa_grafana-token-5", User = "admin", Password = "grafana-password-6" },
        };
        var secrets = SecretRegistry.For(settings);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("writer:influx-password-4"));

        var masked = secrets.Mask($"hq-secret-1 branch-secret-2 influx-token-3 influx-password-4 Basic {basic} glsa_grafana-token-5 grafana-password-6");

        Assert.Equal("*** *** *** *** Basic *** *** ***", masked);
    }
}
