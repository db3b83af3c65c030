using Collector.Configuration;
using Collector.Security;

namespace Collector.ThreeCx;

/// <summary>One PBX the collector talks to: its name (a tag in InfluxDB), web address and API client.</summary>
/// <param name="Name">Short name used in logs and metrics, e.g. <c>hq</c>.</param>
/// <param name="BaseUrl">The PBX's web address, e.g. <c>https://pbx.example.com:5001/</c>.</param>
/// <param name="ClientId">The API client's Client ID (3CX → Integrations → API).</param>
/// <param name="ClientSecret">The API key shown once when the client was created. Never logged.</param>
/// <param name="Trust">
/// Whom the PBX's TLS certificate must come from (<see cref="PbxOptions.CaCertificateFile"/>, read at start); null: this
/// machine's trust store.
/// </param>
/// <param name="RequestTimeout">This PBX's per-attempt timeout (<see cref="PbxOptions.RequestTimeout"/>); null: <see cref="XapiOptions.RequestTimeout"/>.</param>
internal sealed record PbxConnection(string Name, Uri BaseUrl, string ClientId, string ClientSecret, PbxTrust? Trust = null, TimeSpan? RequestTimeout = null)
{
    /// <summary>The connection of a configured PBX: the one mapping from <see cref="PbxOptions"/>.</summary>
    /// <exception cref="ArgumentException">The PBX is disabled and not fully configured (no address or secret).</exception>
    public static PbxConnection For(PbxOptions pbx)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        if (pbx.BaseUrl is null || pbx.ClientSecret is null)
            throw new ArgumentException($"PBX '{pbx.Name}' has no {(pbx.BaseUrl is null ? "BaseUrl" : "ClientSecret")} ({pbx.Key}); it cannot be reached.", nameof(pbx));
        // Options read through CollectorOptions have the file loaded already; ones built in code load it here.
        var trust = pbx.Trust ?? (pbx.CaCertificateFile is null ? null : PbxTrust.Load($"{pbx.Key}:CaCertificateFile", pbx.CaCertificateFile));
        return new PbxConnection(pbx.Name, pbx.BaseUrl, pbx.ClientId, pbx.ClientSecret, trust, pbx.RequestTimeout);
    }

    /// <summary>Keeps the secret out of logs, exceptions and debugger displays.</summary>
    public override string ToString() => $"PbxConnection {{ Name = {Name}, BaseUrl = {BaseUrl}, ClientId = {ClientId}, CaCertificateFile = {Trust?.File} }}";
}
