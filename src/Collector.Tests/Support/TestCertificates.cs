using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Collector.Tests.Support;

/// <summary>A throw-away certificate authority and server certificates issued by it, for TLS tests.</summary>
public sealed class TestCertificates : IDisposable
{
    readonly RSA _caKey = RSA.Create(2048);

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=Collector Test CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>The CA certificate (trust it to make the issued certificates valid).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>A server certificate for <paramref name="dnsName"/> (and 127.0.0.1 when <paramref name="withLoopbackIp"/>), signed by <see cref="Authority"/>.</summary>
    public X509Certificate2 Issue(string dnsName, DateTimeOffset notBefore, DateTimeOffset notAfter, bool withLoopbackIp = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (withLoopbackIp) names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(Authority, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// An intermediate CA issued by <see cref="Authority"/>, and a server certificate for <paramref name="dnsName"/> (and
    /// 127.0.0.1) issued by that intermediate: the chain a PBX behind a company CA sends.
    /// </summary>
    public (X509Certificate2 Server, X509Certificate2 Intermediate) IssueViaIntermediate(string dnsName)
    {
        using var intermediateKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=Collector Test Intermediate", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var issued = request.Create(Authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(8));
        using var intermediate = issued.CopyWithPrivateKey(intermediateKey);

        using var key = RSA.Create(2048);
        var server = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        names.AddIpAddress(IPAddress.Loopback);
        server.CertificateExtensions.Add(names.Build());
        server.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = server.Create(intermediate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), RandomNumberGenerator.GetBytes(8));
        return (leaf.CopyWithPrivateKey(key), X509CertificateLoader.LoadCertificate(issued.RawData));
    }

    /// <summary>A certificate that signs itself (no authority vouches for it), for <paramref name="dnsName"/> (and 127.0.0.1 when <paramref name="withLoopbackIp"/>).</summary>
    public static X509Certificate2 SelfSigned(string dnsName, bool withLoopbackIp = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (withLoopbackIp) names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>Writes the certificates (public parts only) as one PEM file, as an admin would for <c>Pbxs:N:CaCertificateFile</c>.</summary>
    public static string WritePem(string path, params X509Certificate2[] certificates)
    {
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
    }
}
