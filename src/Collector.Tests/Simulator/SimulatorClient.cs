using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Collector.Tests.Support;

namespace Collector.Tests.Simulator;

/// <summary>A bare XAPI client for the simulator's own tests: fetches a token and GETs raw URLs.</summary>
public sealed class SimulatorClient(SimulatorHost host)
{
    public const string Start = "2026-11-23T10:00:00Z";

    string? _token;

    /// <summary>A frozen simulator at <see cref="Start"/> with a day of history.</summary>
    public static Task<SimulatorHost> StartFrozenAsync(params string[] extra) =>
        SimulatorHost.StartAsync(["--speed", "0", "--start", Start, "--seed", "7", .. extra]);

    public async Task<HttpResponseMessage> TokenResponseAsync(string? secret = null)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = host.ClientId, ["client_secret"] = secret ?? host.ClientSecret, ["grant_type"] = "client_credentials",
        });
        return await host.Http.PostAsync("connect/token", form);
    }

    public async Task<string> TokenAsync()
    {
        using var response = await TokenResponseAsync();
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return _token = doc.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>GET with a bearer token (fetched once).</summary>
    public async Task<HttpResponseMessage> GetAsync(string relative, string? token = null)
    {
        token ??= _token ?? await TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string relative)
    {
        using var response = await GetAsync(relative);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every call-log row in [from, to], read page by page (newest first).</summary>
    public async Task<List<JsonElement>> AllCallLogRowsAsync(string from, string to, int pageSize = 500)
    {
        var rows = new List<JsonElement>();
        for (var skip = 0; ; skip += pageSize)
        {
            var page = await GetJsonAsync(CallLogUrl(from, to, $"?$top={pageSize}&$skip={skip}"));
            var value = page.GetProperty("value").EnumerateArray().ToList();
            rows.AddRange(value);
            if (value.Count < pageSize) return rows;
        }
    }

    public async Task<List<JsonElement>> TruthCallsAsync(string from, string to)
    {
        var body = JsonDocument.Parse(await host.Http.GetStringAsync($"sim/truth/calls?from={from}&to={to}")).RootElement.Clone();
        return body.GetProperty("calls").EnumerateArray().ToList();
    }

    public async Task<JsonElement> TruthLiveAsync() =>
        JsonDocument.Parse(await host.Http.GetStringAsync("sim/truth/live")).RootElement.Clone();

    public static double Seconds(JsonElement duration) => System.Xml.XmlConvert.ToTimeSpan(duration.GetString()!).TotalSeconds;

    public static DateTimeOffset Instant(JsonElement value) => DateTimeOffset.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public static string CallLogUrl(string from, string to, string query = "") =>
        $"xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom={from},periodTo={to},sourceType=0,sourceFilter='',destinationType=0,"
        + $"destinationFilter='',callsType=0,callTimeFilterType=0,callTimeFilterFrom='0:00:0',callTimeFilterTo='0:00:0',hidePcalls=true){query}";
}
