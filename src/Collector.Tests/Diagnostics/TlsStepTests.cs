using System.Security.Cryptography.X509Certificates;
using Collector.Diagnostics;
using Collector.Diagnostics.Pbx;
using Collector.Security;
using Collector.Testing;
using Collector.Tests.Support;

namespace Collector.Tests.Diagnostics;

public sealed class TlsStepTests : IDisposable
{
    readonly TestCertificates _certificates = new();
    readonly PbxContexts _contexts = new();
    readonly TempDirectory _files = new();
    readonly TlsStep _step = new();

    /// <summary>A PBX whose CaCertificateFile holds the test CA.</summary>
    PbxCheckContext TrustingTheTestAuthority(Uri url) => _contexts.For(url, trust: Trusting("ca.pem", _certificates.Authority));

    PbxTrust Trusting(string file, X509Certificate2 certificate)
        => PbxTrust.Load("Pbxs:0:CaCertificateFile", TestCertificates.WritePem(_files.File(file), certificate));

    [Fact]
    public async Task AValidCertificateForTheHostPassesAndSaysUntilWhen()
    {
        using var certificate = _certificates.Issue("localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        await using var server = new TlsTestServer(certificate);

        var result = await _step.RunAsync(TrustingTheTestAuthority(server.Url("localhost")), CancellationToken.None);

        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.StartsWith("Certificate for localhost from Collector Test CA, valid until ", result.Verdict);
    }

    [Fact]
    public async Task ACertificateExpiringWithinTwoWeeksIsAWarning()
    {
        using var certificate = _certificates.Issue("localhost", DateTimeOffset.UtcNow.AddDays(-80), DateTimeOffset.UtcNow.AddDays(5));
        await using var server = new TlsTestServer(certificate);

        var result = await _step.RunAsync(TrustingTheTestAuthority(server.Url("localhost")), CancellationToken.None);

        Assert.Equal(CheckOutcome.Warn, result.Outcome);
        Assert.StartsWith("It expires soon", result.Fix);
    }

    [Fact]
    public async Task AnExpiredCertificateFailsAndSaysWhenItExpired()
    {
        var expiry = DateTimeOffset.UtcNow.AddDays(-3);
        using var certificate = _certificates.Issue("localhost", expiry.AddDays(-90), expiry);
        await using var server = new TlsTestServer(certificate);

        var result = await _step.RunAsync(TrustingTheTestAuthority(server.Url("localhost")), CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal($"The certificate for localhost expired on {expiry.UtcDateTime:yyyy-MM-dd}.", result.Verdict);
        Assert.StartsWith("Renew the PBX's certificate", result.Fix);
    }

    [Fact]
    public async Task ACertificateForAnotherNameFailsAndNamesBothNames()
    {
        using var certificate = _certificates.Issue("pbx.example.com", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), withLoopbackIp: false);
        await using var server = new TlsTestServer(certificate);

        var result = await _step.RunAsync(TrustingTheTestAuthority(server.Url("localhost")), CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("The certificate is for pbx.example.com, not for localhost.", result.Verdict);
        Assert.Contains("Pbxs__0__BaseUrl", result.Fix);
    }

    [Fact]
    public async Task ASelfSignedCertificateFailsAsUntrusted()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        await using var server = new TlsTestServer(certificate);

        var result = await new TlsStep().RunAsync(_contexts.For(server.Url("localhost")), CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("The certificate for localhost is self-signed or from an authority this machine does not trust (issuer: localhost).", result.Verdict);
        Assert.Contains("update-ca-certificates", result.Fix);
        Assert.Contains("Pbxs__0__CaCertificateFile", result.Fix);
    }

    [Fact]
    public async Task ASelfSignedCertificatePinnedInCaCertificateFilePasses()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        await using var server = new TlsTestServer(certificate);

        var result = await _step.RunAsync(_contexts.For(server.Url("localhost"), trust: Trusting("pbx.pem", certificate)), CancellationToken.None);

        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.StartsWith("Certificate for localhost from localhost, valid until ", result.Verdict);
    }

    [Fact]
    public async Task ACertificateFromAnIntermediateOfTheCaInCaCertificateFilePassesWhenThePbxSendsTheIntermediate()
    {
        var (certificate, intermediate) = _certificates.IssueViaIntermediate("localhost");
        using (certificate)
        using (intermediate)
        {
            await using var server = new TlsTestServer(certificate, forwardTo: null, intermediate);

            var result = await _step.RunAsync(TrustingTheTestAuthority(server.Url("localhost")), CancellationToken.None);

            Assert.Equal(CheckOutcome.Pass, result.Outcome);
            Assert.StartsWith("Certificate for localhost from Collector Test Intermediate, valid until ", result.Verdict);
        }
    }

    [Fact]
    public async Task ACertificateNotFromTheCaCertificateFileFailsAndNamesTheFileAndTheKey()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        using var unrelated = TestCertificates.SelfSigned("localhost");
        await using var server = new TlsTestServer(certificate);
        var trust = Trusting("other.pem", unrelated);

        var result = await _step.RunAsync(_contexts.For(server.Url("localhost"), trust: trust), CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal($"The certificate for localhost (issuer: localhost) is not from the certificate pinned in {trust.File} (Pbxs__0__CaCertificateFile).", result.Verdict);
        Assert.Contains(trust.File, result.Fix);
    }

    [Fact]
    public async Task HttpsToAPortThatIsClosedFailsWithConnectionRefused()
    {
        var url = new Uri($"https://127.0.0.1:{FreePort.Next()}/");

        var result = await new TlsStep().RunAsync(_contexts.For(url), CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal($"Cannot connect to 127.0.0.1:{url.Port}: connection refused (nothing listens on that port).", result.Verdict);
    }

    [Fact]
    public async Task PlainHttpIsFineOnThisMachineButAWarningAcrossANetwork()
    {
        var local = await new TlsStep().RunAsync(_contexts.For(new Uri("http://127.0.0.1:5000/")), CancellationToken.None);
        var remote = await new TlsStep().RunAsync(_contexts.For(new Uri("http://192.0.2.10/")), CancellationToken.None);

        Assert.Equal(CheckOutcome.Pass, local.Outcome);
        Assert.Equal(CheckOutcome.Warn, remote.Outcome);
        Assert.Contains("unencrypted", remote.Verdict);
    }

    public void Dispose()
    {
        _contexts.Dispose();
        _certificates.Dispose();
        _files.Dispose();
    }
}
