using System.Collections.Concurrent;
using Collector.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Collector.ThreeCx.Http;

/// <summary>
/// Which named <see cref="HttpClient"/> each PBX's XAPI calls use. PBXs whose certificate this machine's trust store
/// vouches for share <see cref="XapiServiceCollectionExtensions.HttpClientName"/>; a PBX with
/// <c>Pbxs:N:CaCertificateFile</c> gets a name of its own, configured as the shared one (timeouts, handlers added to it,
/// e.g. <c>collector check</c>'s traffic recorder) but with a primary handler whose TLS validation trusts only its
/// <see cref="PbxTrust"/>. Connections are pooled per handler, so a PBX's trust never applies to another's.
/// </summary>
internal sealed class XapiHttpClients(IServiceProvider services) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    readonly ConcurrentDictionary<PbxTrust, string> _names = new(ReferenceEqualityComparer.Instance);
    readonly ConcurrentDictionary<string, PbxTrust> _trusts = new(StringComparer.Ordinal);

    /// <summary>The client name for <paramref name="pbx"/>: the shared one, or its own when it has a <see cref="PbxConnection.Trust"/>.</summary>
    public string NameFor(PbxConnection pbx)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        if (pbx.Trust is null) return XapiServiceCollectionExtensions.HttpClientName;
        return _names.GetOrAdd(pbx.Trust, trust =>
        {
            var name = $"{XapiServiceCollectionExtensions.HttpClientName}/{pbx.Name}/{_names.Count}";
            _trusts[name] = trust;
            return name;
        });
    }

    public void Configure(HttpClientFactoryOptions options)
    {
    }

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !_trusts.TryGetValue(name, out var trust)) return;
        var shared = services.GetRequiredService<IOptionsFactory<HttpClientFactoryOptions>>().Create(XapiServiceCollectionExtensions.HttpClientName);
        foreach (var action in shared.HttpClientActions) options.HttpClientActions.Add(action);
        foreach (var action in shared.HttpMessageHandlerBuilderActions) options.HttpMessageHandlerBuilderActions.Add(action);
        options.HandlerLifetime = shared.HandlerLifetime;
        options.SuppressHandlerScope = shared.SuppressHandlerScope;
        options.ShouldRedactHeaderValue = shared.ShouldRedactHeaderValue;
        // Last, so that it replaces whatever primary handler the shared configuration set.
        options.HttpMessageHandlerBuilderActions.Add(builder => builder.PrimaryHandler = XapiServiceCollectionExtensions.PrimaryHandler(trust));
    }
}
