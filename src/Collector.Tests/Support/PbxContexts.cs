using Collector.Configuration;
using Collector.Diagnostics.Pbx;
using Collector.Security;
using Collector.ThreeCx;
using Microsoft.Extensions.DependencyInjection;

namespace Collector.Tests.Support;

/// <summary>Builds a <see cref="PbxCheckContext"/> with a real XAPI client, for running one check step alone.</summary>
sealed class PbxContexts : IDisposable
{
    readonly ServiceProvider _services = new ServiceCollection().AddXapiClient().BuildServiceProvider();
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <param name="trust">The PBX's <c>CaCertificateFile</c>, read (<see cref="PbxTrust.Load"/>); null: this machine's trust store.</param>
    public PbxCheckContext For(Uri baseUrl, TimeProvider? time = null, string clientId = "collector", string secret = "sim-secret", PbxTrust? trust = null)
    {
        var pbx = new PbxOptions { Name = "test", BaseUrl = baseUrl, ClientId = clientId, ClientSecret = secret, CaCertificateFile = trust?.File, Trust = trust };
        var client = _services.GetRequiredService<IXapiClientFactory>().Create(new PbxConnection(pbx.Name, baseUrl, clientId, secret, trust));
        return new PbxCheckContext(pbx, client, _http, time ?? TimeProvider.System);
    }

    public void Dispose()
    {
        _http.Dispose();
        _services.Dispose();
    }
}
