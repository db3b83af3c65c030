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
    readonly InfluxWriterOptions _options;

    public InfluxEndpoint(InfluxWriterOptions options)
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

    /// <summary>The text of a failure: what happened and which configuration key to fix.</summary>
    public string Describe(InfluxWriteFailureKind kind, WriteResponse response)
    {
        var status = response.Status;
        var server = string.IsNullOrEmpty(response.ServerMessage) ? "" : $" InfluxDB said: {response.ServerMessage}";
        var credentials = _options.ApiVersion == InfluxApiVersion.V1 && string.IsNullOrEmpty(_options.Token)
            ? "Influx:Username and Influx:Password"
            : "Influx:Token";
        return kind switch
        {
            InfluxWriteFailureKind.Unauthorized =>
                $"InfluxDB at {DisplayUrl} refused the credentials (HTTP {status}). Check {credentials}.{server}",
            InfluxWriteFailureKind.Forbidden =>
                $"InfluxDB at {DisplayUrl} accepted the credentials but they may not write to {TargetName} (HTTP {status}). Grant write access, or fix {credentials}.{server}",
            InfluxWriteFailureKind.DatabaseNotFound => _options.ApiVersion == InfluxApiVersion.V2
                ? $"InfluxDB at {DisplayUrl} has no {TargetName}. Create it, or fix Influx:Org and Influx:Bucket.{server}"
                : $"InfluxDB at {DisplayUrl} has no {TargetName}. Create it, set Influx:CreateDatabase=true, or fix Influx:Database.{server}",
            InfluxWriteFailureKind.EndpointNotFound =>
                $"InfluxDB at {DisplayUrl} has no {WriteUri.AbsolutePath} (HTTP 404). Check Influx:Url and Influx:ApiVersion ({_options.ApiVersion.ToString().ToLowerInvariant()}).{server}",
            InfluxWriteFailureKind.Unavailable =>
                $"InfluxDB at {DisplayUrl} did not accept the write after {_options.MaxRetries} retries (last: {(status is null ? response.TransportError ?? "no answer" : $"HTTP {status}")}). Is it running and reachable? Check Influx:Url.{server}",
            _ => $"InfluxDB at {DisplayUrl} answered HTTP {status} to a write, which this collector does not expect.{server}",
        };
    }

    static string WithoutUserInfo(Uri url) => new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();

    static Uri BaseUri(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    static string Escape(string? value) => Uri.EscapeDataString(value ?? "");

    static AuthenticationHeaderValue? CreateAuthorization(InfluxWriterOptions options)
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
