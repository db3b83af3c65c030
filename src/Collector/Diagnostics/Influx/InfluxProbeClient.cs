using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Collector.Configuration;

namespace Collector.Diagnostics.Influx;

/// <summary>An answer from InfluxDB: status, body, the server's error text when it gave one, and its version header.</summary>
public sealed record InfluxAnswer(int Status, string Body, string? Version)
{
    public bool Success => Status is >= 200 and < 300;

    /// <summary><c>{"error":"…"}</c> (v1), <c>{"message":"…"}</c> (v2/v3), else the raw body, shortened.</summary>
    public string ErrorText
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Body);
                foreach (var name in new[] { "error", "message" })
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var e))
                        return e.ToString();
            }
            catch (JsonException)
            {
            }
            var text = Body.Trim();
            return text.Length > 200 ? text[..200] + "…" : text;
        }
    }
}

/// <summary>
/// The few InfluxDB calls <c>collector check</c> makes (ping, write one point, read it back) for the v1, v2 and v3
/// HTTP APIs. Deliberately small: the real writer, with batching and retries, is a separate component.
/// </summary>
public sealed class InfluxProbeClient(InfluxOptions options, HttpClient http)
{
    public const string Measurement = "collector_check";

    public Task<InfluxAnswer> PingAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "ping", null, null, ct);

    public Task<InfluxAnswer> WriteAsync(string id, DateTimeOffset timestamp, CancellationToken ct)
    {
        var line = $"{Measurement},source=collector probe=\"{id}\",ok=1i {UnixNanoseconds(timestamp).ToString(CultureInfo.InvariantCulture)}\n";
        var path = options.ApiVersion switch
        {
            InfluxApiVersion.V1 => $"write?db={Escape(options.Database)}&precision=ns",
            InfluxApiVersion.V2 => $"api/v2/write?org={Escape(options.Org!)}&bucket={Escape(options.Bucket!)}&precision=ns",
            _ => $"api/v3/write_lp?db={Escape(options.Database)}&precision=nanosecond",
        };
        return SendAsync(HttpMethod.Post, path, line, "text/plain; charset=utf-8", ct);
    }

    /// <summary>v1 only: <c>CREATE DATABASE</c> (a no-op when it exists).</summary>
    public Task<InfluxAnswer> CreateDatabaseAsync(CancellationToken ct)
        => SendAsync(HttpMethod.Post, $"query?q={Escape($"CREATE DATABASE \"{options.Database.Replace("\"", "\\\"", StringComparison.Ordinal)}\"")}", null, null, ct);

    /// <summary>Reads the probe point back; the answer's body contains <paramref name="id"/> when it was found.</summary>
    public Task<InfluxAnswer> QueryProbeAsync(string id, DateTimeOffset timestamp, CancellationToken ct)
    {
        var ns = UnixNanoseconds(timestamp);
        switch (options.ApiVersion)
        {
            case InfluxApiVersion.V1:
                var influxQl = $"SELECT \"probe\" FROM \"{Measurement}\" WHERE time >= {(ns - 1_000_000_000).ToString(CultureInfo.InvariantCulture)} AND time <= {(ns + 1_000_000_000).ToString(CultureInfo.InvariantCulture)} AND \"probe\" = '{id}'";
                return SendAsync(HttpMethod.Get, $"query?db={Escape(options.Database)}&epoch=ns&q={Escape(influxQl)}", null, null, ct);
            case InfluxApiVersion.V2:
                var flux = $"from(bucket: \"{options.Bucket}\") |> range(start: -1d) " +
                           $"|> filter(fn: (r) => r._measurement == \"{Measurement}\" and r._field == \"probe\" and r._value == \"{id}\")";
                return SendAsync(HttpMethod.Post, $"api/v2/query?org={Escape(options.Org!)}", flux, "application/vnd.flux", ct);
            default:
                var sql = $"SELECT probe FROM {Measurement} WHERE probe = '{id}'";
                return SendAsync(HttpMethod.Get, $"api/v3/query_sql?db={Escape(options.Database)}&format=json&q={Escape(sql)}", null, null, ct);
        }
    }

    async Task<InfluxAnswer> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(options.Url, path));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType!));
        if (Authorization() is { } authorization) request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var version = response.Headers.TryGetValues("X-Influxdb-Version", out var values) ? values.FirstOrDefault() : null;
        return new InfluxAnswer((int)response.StatusCode, text, version);
    }

    AuthenticationHeaderValue? Authorization() => options switch
    {
        { ApiVersion: InfluxApiVersion.V3, Token: { } token } => new AuthenticationHeaderValue("Bearer", token),
        { Token: { } token } => new AuthenticationHeaderValue("Token", token),
        { Username: { } user, Password: { } password } =>
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))),
        _ => null,
    };

    static string Escape(string value) => Uri.EscapeDataString(value);

    static long UnixNanoseconds(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
