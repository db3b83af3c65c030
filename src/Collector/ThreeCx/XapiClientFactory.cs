using System.Collections.Concurrent;
using Collector.Security;
using Collector.ThreeCx.Auth;
using Collector.ThreeCx.Http;
using Collector.ThreeCx.Paging;
using Collector.ThreeCx.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Collector.ThreeCx;

/// <summary>
/// Builds one <see cref="XapiClient"/> per PBX and keeps it, so each PBX has one token, one circuit breaker and one
/// learned page size for the life of the process. Every PBX's client secret, and every token its client obtains, joins
/// the <see cref="SecretRegistry"/>, so that no text the PBX sends back can show them.
/// </summary>
internal sealed class XapiClientFactory(
    IHttpClientFactory httpClients, IOptions<XapiOptions> options, TimeProvider time, ILoggerFactory loggers, SecretRegistry secrets,
    XapiHttpClients clientNames)
    : IXapiClientFactory, IDisposable
{
    readonly ConcurrentDictionary<PbxConnection, Lazy<(XapiClient Client, TokenProvider Tokens)>> _clients = new();

    /// <summary>The jitter source of the back-off (numbers in [0, 1)); tests may fix it.</summary>
    internal Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    public IXapiClient Create(PbxConnection pbx)
    {
        Validate(pbx);
        secrets.Add(pbx.ClientSecret);
        return _clients.GetOrAdd(pbx, p => new Lazy<(XapiClient, TokenProvider)>(() => Build(p))).Value.Client;
    }

    public void Dispose()
    {
        foreach (var entry in _clients.Values)
            if (entry.IsValueCreated) entry.Value.Tokens.Dispose();
    }

    (XapiClient, TokenProvider) Build(PbxConnection pbx)
    {
        var o = pbx.RequestTimeout is { } timeout ? options.Value.WithRequestTimeout(timeout) : options.Value;
        var logger = loggers.CreateLogger<XapiClient>();
        var pipeline = XapiPipeline.Create(o, time, Random, logger, pbx.Name);
        var clientName = clientNames.NameFor(pbx);
        var transport = new XapiTransport(() => httpClients.CreateClient(clientName), pbx.BaseUrl, pipeline, time, o, pbx.Name, secrets);
        var tokens = new TokenProvider(new TokenClient(transport, pbx, o.TokenRefreshMargin, secrets), time);
        var api = new XapiApi(transport, tokens, logger, pbx.Name);
        var pager = new CallLogPager(api, new PageSize(o.PageSize), o.PageOverlap, logger, pbx.Name);
        var reports = new ReportPager(api, new PageSize(o.PageSize), logger, pbx.Name);   // the report functions' own cap
        return (new XapiClient(api, tokens, pager, reports, logger, pbx.Name), tokens);
    }

    static void Validate(PbxConnection pbx)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        if (string.IsNullOrWhiteSpace(pbx.Name)) throw new ArgumentException("The PBX needs a name.", nameof(pbx));
        if (pbx.BaseUrl is null || !pbx.BaseUrl.IsAbsoluteUri || (pbx.BaseUrl.Scheme != Uri.UriSchemeHttps && pbx.BaseUrl.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException($"PBX '{pbx.Name}': BaseUrl must be an absolute http(s) address (was '{pbx.BaseUrl}').", nameof(pbx));
        if (string.IsNullOrWhiteSpace(pbx.ClientId)) throw new ArgumentException($"PBX '{pbx.Name}': ClientId is empty.", nameof(pbx));
        if (string.IsNullOrEmpty(pbx.ClientSecret)) throw new ArgumentException($"PBX '{pbx.Name}': ClientSecret is empty.", nameof(pbx));
    }
}
