using System.Net.Http.Headers;
using System.Text;
using Collector.Configuration;

namespace Collector.Influx.Writing;

/// <summary>
/// The URLs, authentication header and plain-language failure texts for the configured API version.
/// Secrets go only into the <c>Authorization</c> header, never into a URL, a log or a message.
/// </summary>
sealed class InfluxEndpoint
{
    readonly InfluxOptions _options;

    public InfluxEndpoint(InfluxOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        WriteUri = new Uri(BaseUri(options.Url), options.ApiVersion switch
        {
            InfluxApiVersion.V2 => $"api/v2/write?org={Escape(options.Org)}&bucket={Escape(options.Bucket)}&precision=ns",
            InfluxApiVersion.V3 => $"api/v3/write_lp?db={Escape(options.Database)}&precision=nanosecond",
            _ => $"write?db={Escape(options.Database)}&precision=ns",
        });
        QueryUri = new Uri(BaseUri(options.Url), "query");
        Authorization = CreateAuthorization(options);
        DisplayUrl = WithoutUserInfo(options.Url).TrimEnd('/');
        Target = WithoutUserInfo(WriteUri);
    }

    /// <summary>The base URL for messages and logs, without any user info it may carry.</summary>
    public string DisplayUrl { get; }

    public Uri WriteUri { get; }

    /// <summary>v1 <c>/query</c>, used to create the database.</summary>
    public Uri QueryUri { get; }

    public AuthenticationHeaderValue? Authorization { get; }

    /// <summary>The target for logs: the write URL without user info (the query carries no secret).</summary>
    public string Target { get; }

    public string TargetName => _options.ApiVersion == InfluxApiVersion.V2
        ? $"bucket '{_options.Bucket}' (org '{_options.Org}')"
        : $"database '{_options.Database}'";

    /// <summary>
    /// What a failure means, in two parts: what happened (with InfluxDB's own words) and which setting to fix. The one
    /// place these texts live: the writer's exceptions and <c>collector check</c> both use it. <paramref name="retries"/>:
    /// how often the write was sent again before it failed.
    /// </summary>
    public (string Verdict, string Fix) Explain(InfluxWriteFailureKind kind, WriteResponse response, int retries = 0)
    {
        var status = response.Status;
        var server = string.IsNullOrEmpty(response.ServerMessage) ? "" : $" InfluxDB said: {response.ServerMessage}";
        var credentials = _options.ApiVersion == InfluxApiVersion.V1 && string.IsNullOrEmpty(_options.Token)
            ? "Influx:Username and Influx:Password"
            : "Influx:Token";
        var (verdict, fix) = kind switch
        {
            InfluxWriteFailureKind.Unauthorized =>
                ($"InfluxDB at {DisplayUrl} refused the credentials (HTTP {status}).", $"Check {credentials}."),
            InfluxWriteFailureKind.Forbidden =>
                ($"InfluxDB at {DisplayUrl} accepted the credentials but they may not write to {TargetName} (HTTP {status}).", $"Grant write access, or fix {credentials}."),
            InfluxWriteFailureKind.DatabaseNotFound => _options.ApiVersion == InfluxApiVersion.V2
                ? ($"InfluxDB at {DisplayUrl} has no {TargetName}.", "Create it, or fix Influx:Org and Influx:Bucket.")
                : ($"InfluxDB at {DisplayUrl} has no {TargetName}.", "Create it, set Influx:CreateDatabase=true, or fix Influx:Database."),
            InfluxWriteFailureKind.EndpointNotFound =>
                ($"InfluxDB at {DisplayUrl} has no {WriteUri.AbsolutePath} (HTTP 404).", $"Check Influx:Url and Influx:ApiVersion ({_options.ApiVersion.ToString().ToLowerInvariant()})."),
            InfluxWriteFailureKind.Unavailable =>
                ($"InfluxDB at {DisplayUrl} did not accept the write{(retries > 0 ? $" after {retries} retries" : "")} (last: {(status is null ? response.TransportError ?? "no answer" : $"HTTP {status}")}).",
                    "Is it running and reachable? Check Influx:Url."),
            InfluxWriteFailureKind.Redirected =>
                ($"InfluxDB at {DisplayUrl} answered a redirect (HTTP {status}) to a write; the collector does not follow it, so nothing was written.",
                    "Set Influx:Url to the address InfluxDB itself answers at (e.g. https:// instead of http://, or the proxy's new path)."),
            _ => ($"InfluxDB at {DisplayUrl} answered HTTP {status} to a write, which this collector does not expect.", "Check InfluxDB's own log for the cause."),
        };
        return (verdict + server, fix);
    }

    /// <summary>The text of a failure in one line: what happened, which key to fix, and InfluxDB's own words.</summary>
    public string Describe(InfluxWriteFailureKind kind, WriteResponse response, int retries = 0)
    {
        var (verdict, fix) = Explain(kind, response, retries);
        var server = string.IsNullOrEmpty(response.ServerMessage) ? "" : $" InfluxDB said: {response.ServerMessage}";
        return $"{verdict[..^server.Length]} {fix}{server}";
    }

    /// <summary><c>/ping</c>: answers 204 with the server's version in a header on every API version.</summary>
    public Uri PingUri => new(BaseUri(_options.Url), "ping");

    /// <summary>
    /// The request that reads back the <paramref name="field"/> = <paramref name="value"/> point of
    /// <paramref name="measurement"/> written at <paramref name="unixNanoseconds"/>: InfluxQL (v1), Flux (v2) or SQL (v3).
    /// </summary>
    public HttpRequestMessage ReadBack(string measurement, string field, string value, long unixNanoseconds)
    {
        var root = BaseUri(_options.Url);
        HttpRequestMessage request;
        switch (_options.ApiVersion)
        {
            case InfluxApiVersion.V2:
                var flux = $"from(bucket: \"{_options.Bucket}\") |> range(start: -1d) " +
                           $"|> filter(fn: (r) => r._measurement == \"{measurement}\" and r._field == \"{field}\" and r._value == \"{value}\")";
                request = new HttpRequestMessage(HttpMethod.Post, new Uri(root, $"api/v2/query?org={Escape(_options.Org)}"))
                {
                    Content = new StringContent(flux, Encoding.UTF8, "application/vnd.flux"),
                };
                break;
            case InfluxApiVersion.V3:
                var sql = $"SELECT {field} FROM {measurement} WHERE {field} = '{value}'";
                request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, $"api/v3/query_sql?db={Escape(_options.Database)}&format=json&q={Escape(sql)}"));
                break;
            default:
                var second = 1_000_000_000L;
                var influxQl = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"SELECT \"{field}\" FROM \"{measurement}\" WHERE time >= {unixNanoseconds - second} AND time <= {unixNanoseconds + second} AND \"{field}\" = '{value}'");
                request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, $"query?db={Escape(_options.Database)}&epoch=ns&q={Escape(influxQl)}"));
                break;
        }
        request.Headers.Authorization = Authorization;
        return request;
    }

    static string WithoutUserInfo(Uri url) => new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();

    static Uri BaseUri(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    static string Escape(string? value) => Uri.EscapeDataString(value ?? "");

    static AuthenticationHeaderValue? CreateAuthorization(InfluxOptions options)
    {
        if (options.ApiVersion == InfluxApiVersion.V3 && !string.IsNullOrEmpty(options.Token))
            return new AuthenticationHeaderValue("Bearer", options.Token);
        if (!string.IsNullOrEmpty(options.Token))
            return new AuthenticationHeaderValue("Token", options.Token);
        if (options.ApiVersion == InfluxApiVersion.V1 && !string.IsNullOrEmpty(options.Username))
        {
            var pair = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        return null;
    }
}
