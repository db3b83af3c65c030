using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Collector.Security;

namespace Collector.Diagnostics.Pbx;

/// <summary>
/// For https: connects, completes a TLS handshake and judges the certificate (trusted? for this name? expired or
/// about to?) in plain words, against this machine's trust store or, with <c>Pbxs:N:CaCertificateFile</c>, against that
/// file's CA or pinned certificate only (as the XAPI client judges it). For http: fine on this machine, a warning across a network.
/// </summary>
internal sealed class TlsStep : ICheckStep<PbxCheckContext>
{
    /// <summary>A certificate expiring sooner than this is a warning.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

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
                    (errors, chainStatus) = context.Pbx.Trust is { } trust && certificate is not null
                        ? Rejudge(trust, certificate, chain, policyErrors)
                        : (policyErrors, Flags(chain));
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

    /// <summary>
    /// The chain judged again against the PBX's own trust (<c>Pbxs:N:CaCertificateFile</c>) instead of this machine's
    /// store, as the XAPI client judges it (with the intermediates the PBX sent); the name check stands as the handshake made it.
    /// </summary>
    static (SslPolicyErrors, X509ChainStatusFlags) Rejudge(PbxTrust trust, X509Certificate2 certificate, X509Chain? sent, SslPolicyErrors errors)
    {
        using var chain = new X509Chain { ChainPolicy = trust.ChainPolicy() };
        if (sent is not null) chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        var trusted = chain.Build(certificate) && (trust.Pinned is null || trust.IsPinned(certificate));
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
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && context.Pbx.Trust is { } trust)
            return CheckResult.Fail(Name,
                $"The certificate for {names} (issuer: {issuer}) is not from {trust.Describe()} ({context.EnvKey("CaCertificateFile")}).",
                $"Put the certificate of the CA that issued the PBX's certificate, or the PBX's own self-signed certificate, in {trust.File} (PEM); " +
                $"or, if a public authority issued it, remove {context.EnvKey("CaCertificateFile")}.");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            return CheckResult.Fail(Name,
                $"The certificate for {names} is self-signed or from an authority this machine does not trust (issuer: {issuer}).",
                "Install a certificate from a public authority on the PBX; or trust its CA (or the PBX's own self-signed certificate) for this PBX only: " +
                $"save it as a PEM file and name it in {context.EnvKey("CaCertificateFile")}; or add the CA to this machine's trust store " +
                "(/usr/local/share/ca-certificates, then update-ca-certificates).");
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
