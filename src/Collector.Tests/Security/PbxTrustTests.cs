using System.Security.Cryptography.X509Certificates;
using Collector.Security;
using Collector.Testing;
using Collector.Tests.Support;
using Collector.ThreeCx;
using Microsoft.Extensions.DependencyInjection;

namespace Collector.Tests.Security;

/// <summary>
/// <c>Pbxs:N:CaCertificateFile</c> end to end: the simulator behind a real https listener with a generated
/// certificate, reached by the collector's own XAPI client (token and API calls). Verification is never switched off:
/// only the roots change, for that one PBX.
/// </summary>
public sealed class PbxTrustTests : IAsyncLifetime
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    readonly TestCertificates _certificates = new();
    readonly TempDirectory _files = new();
    readonly ServiceProvider _services = new ServiceCollection().AddXapiClient().BuildServiceProvider();
    SimulatorHost _simulator = null!;

    public async Task InitializeAsync() => _simulator = await SimulatorHost.StartAsync("--history-days", "0");

    [Fact]
    public async Task APbxWithASelfSignedCertificateIsRefusedWithoutCaCertificateFile()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        await using var pbx = new TlsTestServer(certificate, _simulator.BaseUrl);

        var error = await Assert.ThrowsAsync<XapiException>(() => Connect("hq", pbx.Url("localhost"), trust: null).AuthenticateAsync(Cancel()));

        Assert.Equal(XapiFailureKind.Tls, error.Kind);
        Assert.Contains("trusted with the PBX's CaCertificateFile", error.Message);
    }

    [Fact]
    public async Task NamingThePbxsSelfSignedCertificateInCaCertificateFileLetsTheTokenAndApiCallsThrough()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        await using var pbx = new TlsTestServer(certificate, _simulator.BaseUrl);
        var client = Connect("hq", pbx.Url("localhost"), Trusting("pbx.pem", certificate));

        var token = await client.AuthenticateAsync(Cancel());
        var queues = await client.GetQueuesAsync(Cancel());

        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.NotEmpty(queues);
    }

    [Fact]
    public async Task NamingThePrivateCaThatIssuedThePbxsCertificateLetsItsCallsThrough()
    {
        using var certificate = _certificates.Issue("localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        await using var pbx = new TlsTestServer(certificate, _simulator.BaseUrl);
        var client = Connect("hq", pbx.Url("localhost"), Trusting("ca.pem", _certificates.Authority));

        var queues = await client.GetQueuesAsync(Cancel());

        Assert.NotEmpty(queues);
    }

    [Fact]
    public async Task APrivateCaIsEnoughWhenThePbxSendsTheIntermediateThatIssuedItsCertificate()
    {
        var (certificate, intermediate) = _certificates.IssueViaIntermediate("localhost");
        using (certificate)
        using (intermediate)
        {
            await using var pbx = new TlsTestServer(certificate, _simulator.BaseUrl, intermediate);
            var client = Connect("hq", pbx.Url("localhost"), Trusting("ca.pem", _certificates.Authority));

            var token = await client.AuthenticateAsync(Cancel());

            Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow);
        }
    }

    [Fact]
    public async Task AnUnrelatedCertificateInCaCertificateFileIsRefusedEvenWithTheSameName()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        using var unrelated = TestCertificates.SelfSigned("localhost");
        using var otherAuthority = new TestCertificates();
        await using var pbx = new TlsTestServer(certificate, _simulator.BaseUrl);

        var pinnedOther = await Assert.ThrowsAsync<XapiException>(() =>
            Connect("hq", pbx.Url("localhost"), Trusting("other.pem", unrelated)).AuthenticateAsync(Cancel()));
        var otherCa = await Assert.ThrowsAsync<XapiException>(() =>
            Connect("branch", pbx.Url("localhost"), Trusting("other-ca.pem", otherAuthority.Authority)).AuthenticateAsync(Cancel()));

        Assert.Equal(XapiFailureKind.Tls, pinnedOther.Kind);
        Assert.Equal(XapiFailureKind.Tls, otherCa.Kind);
    }

    [Fact]
    public async Task ATrustedCertificateForAnotherHostNameIsRefused()
    {
        using var pinned = TestCertificates.SelfSigned("pbx.example.com", withLoopbackIp: false);
        using var issued = _certificates.Issue("pbx.example.com", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), withLoopbackIp: false);
        await using var pinnedPbx = new TlsTestServer(pinned, _simulator.BaseUrl);
        await using var issuedPbx = new TlsTestServer(issued, _simulator.BaseUrl);

        var pinnedError = await Assert.ThrowsAsync<XapiException>(() =>
            Connect("hq", pinnedPbx.Url("localhost"), Trusting("pbx.pem", pinned)).AuthenticateAsync(Cancel()));
        var issuedError = await Assert.ThrowsAsync<XapiException>(() =>
            Connect("branch", issuedPbx.Url("localhost"), Trusting("ca.pem", _certificates.Authority)).AuthenticateAsync(Cancel()));

        Assert.Equal(XapiFailureKind.Tls, pinnedError.Kind);
        Assert.Equal(XapiFailureKind.Tls, issuedError.Kind);
    }

    [Fact]
    public async Task OnePbxsCaCertificateFileDoesNotMakeAnotherPbxTrustTheSameCertificate()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        await using var pbx = new TlsTestServer(certificate, _simulator.BaseUrl);
        var trusting = Connect("hq", pbx.Url("localhost"), Trusting("pbx.pem", certificate));
        var other = Connect("branch", pbx.Url("localhost"), trust: null);

        await trusting.AuthenticateAsync(Cancel());   // a pooled, trusted connection to the same address exists now
        var error = await Assert.ThrowsAsync<XapiException>(() => other.AuthenticateAsync(Cancel()));

        Assert.Equal(XapiFailureKind.Tls, error.Kind);
    }

    IXapiClient Connect(string name, Uri url, PbxTrust? trust)
        => _services.GetRequiredService<IXapiClientFactory>().Create(new PbxConnection(name, url, _simulator.ClientId, _simulator.ClientSecret, trust));

    PbxTrust Trusting(string file, X509Certificate2 certificate)
        => PbxTrust.Load("Pbxs:0:CaCertificateFile", TestCertificates.WritePem(_files.File(file), certificate));

    static CancellationToken Cancel() => new CancellationTokenSource(Generous).Token;

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _services.DisposeAsync();
        _files.Dispose();
        _certificates.Dispose();
    }
}
