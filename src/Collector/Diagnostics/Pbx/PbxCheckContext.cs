using Collector.Configuration;
using Collector.ThreeCx;

namespace Collector.Diagnostics.Pbx;

/// <summary>What the PBX check steps share: the PBX's settings, its XAPI client, a plain HTTP client, the clock, and findings.</summary>
internal sealed class PbxCheckContext(PbxOptions pbx, IXapiClient client, HttpClient http, TimeProvider time)
{
    public PbxOptions Pbx { get; } = pbx;
    public IXapiClient Client { get; } = client;

    /// <summary>A plain client (no XAPI handling) for the TLS-independent probes, e.g. reading the PBX's <c>Date</c> header.</summary>
    public HttpClient Http { get; } = http;

    /// <summary>This machine's clock (tests shift it to show clock skew).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary><c>Reporting:TimeZone</c>: the clock step shows it beside the PBX's clock.</summary>
    public TimeZoneInfo ReportingZone { get; set; } = TimeZoneInfo.Utc;

    public Uri BaseUrl => Pbx.BaseUrl ?? throw new InvalidOperationException($"PBX {Pbx.Name} has no BaseUrl.");

    /// <summary>The token step's result, when it passed.</summary>
    public TokenInfo? Token { get; set; }

    /// <summary><c>ServerNow</c> of an active call, when there was one (a fallback for the clock step).</summary>
    public DateTimeOffset? ServerNow { get; set; }

    /// <summary>Environment spelling of one of this PBX's keys, for fixes: <c>Pbxs__0__ClientSecret</c>.</summary>
    public string EnvKey(string key) => $"{Pbx.Key.Replace(":", "__", StringComparison.Ordinal)}__{key}";
}
