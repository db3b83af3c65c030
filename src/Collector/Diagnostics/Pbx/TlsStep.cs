using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Collector.Diagnostics.Pbx;

/// <summary>
/// For https: connects, completes a TLS handshake and judges the certificate (trusted? for this name? expired or
/// about to?) in plain words. For http: fine on this machine, a warning across a network.
/// </summary>
internal sealed class TlsStep : ICheckStep<PbxCheckContext>
{
    /// <summary>A certificate expiring sooner than this is a warning.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    /// <summary>Roots to trust instead of the system's (tests use their own CA); null = the system trust store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    public string Name => PbxSteps.Tls;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Dns];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var url = context.BaseUrl;
        if (url.Scheme == Uri.UriSchemeHttp)
            return url.IsLoopback
                ? CheckResult.Pass(Name, "Plain http to this machine; no TLS to check.")
                : CheckResult.Warn(Name, "Plain http: the client secret, tokens and call data cross the network unencrypted.",
                    $"Use https in {context.EnvKey("BaseUrl")} (3CX serves https on 443 or 5001).");

        X509Certificate2? certificate = null;
        var errors = SslPolicyErrors.None;
        X509ChainStatusFlags chainStatus = 0;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CollectorCheck.ProbeTimeout);
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(url.IdnHost, url.Port, timeout.Token);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = url.IdnHost,
                RemoteCertificateValidationCallback = (_, cert, chain, policyErrors) =>
                {
                    certificate = cert is null ? null : new X509Certificate2(cert);
                    (errors, chainStatus) = TrustedRoots is null || certificate is null
                        ? (policyErrors, Flags(chain))
                        : RebuildChain(certificate, policyErrors);
                    return true;   // judged below, in words
                },
            }, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or AuthenticationException or IOException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var port = $"{url.IdnHost}:{url.Port}";
            return ex is AuthenticationException or IOException
                ? CheckResult.Fail(Name, $"The TLS handshake with {port} failed: {NetworkFailure.Describe(ex)}.",
                    $"Check that {port} serves https (3CX: 443 or 5001); if it serves plain http, write http:// in {context.EnvKey("BaseUrl")}.")
                : CheckResult.Fail(Name, $"Cannot connect to {port}: {NetworkFailure.Describe(ex, CollectorCheck.ProbeTimeout)}.",
                    $"Check the port in {context.EnvKey("BaseUrl")} (3CX serves https on 443 or 5001), that the PBX is running, and firewalls.");
        }
        using (certificate)
            return Judge(context, certificate, errors, chainStatus);
    }

    (SslPolicyErrors, X509ChainStatusFlags) RebuildChain(X509Certificate2 certificate, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(TrustedRoots!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var trusted = chain.Build(certificate);
        errors = trusted ? errors & ~SslPolicyErrors.RemoteCertificateChainErrors : errors | SslPolicyErrors.RemoteCertificateChainErrors;
        return (errors, Flags(chain));
    }

    static X509ChainStatusFlags Flags(X509Chain? chain)
        => chain?.ChainStatus.Aggregate((X509ChainStatusFlags)0, (all, s) => all | s.Status) ?? 0;

    CheckResult Judge(PbxCheckContext context, X509Certificate2? certificate, SslPolicyErrors errors, X509ChainStatusFlags chain)
    {
        if (certificate is null)
            return CheckResult.Fail(Name, "The server sent no certificate.", "Configure a TLS certificate on the PBX.");
        var host = context.BaseUrl.IdnHost;
        var names = certificate.GetNameInfo(X509NameType.DnsName, false);
        var until = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var left = until - context.Time.GetUtcNow();
        var issuer = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true);

        if (left <= TimeSpan.Zero || chain.HasFlag(X509ChainStatusFlags.NotTimeValid))
            return CheckResult.Fail(Name, $"The certificate for {names} expired on {until:yyyy-MM-dd}.",
                "Renew the PBX's certificate (3CX renews its own certificate automatically when the PBX can reach the internet).");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            return CheckResult.Fail(Name,
                $"The certificate for {names} is self-signed or from an authority this machine does not trust (issuer: {issuer}).",
                "Install a certificate from a public authority on the PBX, or add its CA to this machine's trust store (/usr/local/share/ca-certificates, then update-ca-certificates).");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return CheckResult.Fail(Name, $"The certificate is for {names}, not for {host}.",
                $"Use the name on the certificate in {context.EnvKey("BaseUrl")} (usually the PBX's FQDN), or install a certificate for {host}.");
        if (errors != SslPolicyErrors.None)
            return CheckResult.Fail(Name, $"The certificate was not accepted ({errors}).", "Check the PBX's certificate.");
        var verdict = $"Certificate for {names} from {issuer}, valid until {until:yyyy-MM-dd} ({left.TotalDays:0} days).";
        return left < ExpiryWarning
            ? CheckResult.Warn(Name, verdict, "It expires soon: make sure it is renewed (3CX renews it automatically when the PBX can reach the internet).")
            : CheckResult.Pass(Name, verdict);
    }
}
