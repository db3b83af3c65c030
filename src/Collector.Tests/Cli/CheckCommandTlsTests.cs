using System.Text.Json;
using Collector.Testing;
using Collector.Tests.Support;

namespace Collector.Tests.Cli;

/// <summary>
/// <c>collector check</c> against the simulator behind https with a self-signed certificate (a PBX as 3CX installs it
/// without a public certificate): untrusted without <c>Pbxs:N:CaCertificateFile</c>, and every step through with it.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class CheckCommandTlsTests(InfluxFixture influx) : IAsyncLifetime
{
    readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate = TestCertificates.SelfSigned("localhost");
    readonly TempDirectory _files = new();
    SimulatorHost _sim = null!;
    TlsTestServer _pbx = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorHost.StartAsync();
        _pbx = new TlsTestServer(_certificate, _sim.BaseUrl);
    }

    CliRun Check(string? caCertificateFile) => new CliRun()
        .With("Pbxs:0:Name", "sim")
        .With("Pbxs:0:BaseUrl", _pbx.Url("localhost").ToString())
        .With("Pbxs:0:ClientId", _sim.ClientId)
        .With("Pbxs:0:ClientSecret", _sim.ClientSecret)
        .With("Pbxs:0:CaCertificateFile", caCertificateFile)
        .With("Influx:Url", influx.Server.Url.ToString())
        .With("Influx:Database", $"check_{Guid.NewGuid():N}");

    static Dictionary<string, (string Result, string Verdict, string? Fix)> Steps(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("targets")[0].GetProperty("steps").EnumerateArray().ToDictionary(
            s => s.GetProperty("step").GetString()!,
            s => (s.GetProperty("result").GetString()!, s.GetProperty("verdict").GetString()!, s.GetProperty("fix").GetString()));
    }

    [Fact]
    public async Task ASelfSignedPbxCertificateFailsTheTlsStepAndTheFixNamesCaCertificateFile()
    {
        var outcome = await Check(caCertificateFile: null).InvokeAsync("check", "--json");
        var steps = Steps(outcome.Out);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("fail", steps["tls"].Result);
        Assert.Equal("The certificate for localhost is self-signed or from an authority this machine does not trust (issuer: localhost).", steps["tls"].Verdict);
        Assert.Contains("name it in Pbxs__0__CaCertificateFile", steps["tls"].Fix);
        Assert.Equal(("skipped", "skipped: the tls step failed"), (steps["token"].Result, steps["token"].Verdict));
    }

    [Fact]
    public async Task WithThePbxsCertificateInCaCertificateFileEveryPbxStepPasses()
    {
        var file = TestCertificates.WritePem(_files.File("pbx.pem"), _certificate);

        var outcome = await Check(file).InvokeAsync("check", "--json");
        var steps = Steps(outcome.Out);

        foreach (var step in new[] { "dns", "tls", "token", "version", "call log", "active calls", "queues", "users", "system status", "clock" })
            Assert.True(steps[step].Result == "pass", $"{step}: {steps[step].Result}: {steps[step].Verdict}");
        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task AMissingCaCertificateFileStopsTheCheckWithOneLineNamingTheKeyAndExitCode2()
    {
        var missing = _files.File("nowhere.pem");

        var outcome = await Check(missing).InvokeAsync("check");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"Configuration error: Pbxs:0:CaCertificateFile \"{missing}\" does not exist.", outcome.Error.Trim());
    }

    public async Task DisposeAsync()
    {
        await _pbx.DisposeAsync();
        await _sim.DisposeAsync();
        _files.Dispose();
        _certificate.Dispose();
    }
}
