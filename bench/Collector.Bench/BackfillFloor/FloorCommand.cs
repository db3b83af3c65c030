using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Collector.CallLog.Sync;
using Collector.ThreeCx;
using Collector.ThreeCx.OData;

namespace Collector.Bench.BackfillFloor;

/// <summary>
/// The download-and-parse floor of a backfill, run as its own process: it asks the PBX for exactly the call-log pages
/// <c>collector backfill</c> asks for (the same windows and one-hour margins read once each as the backfill's sliding
/// reader does, the same <c>$top</c>, <c>$skip</c> overlap and URL forms, an OAuth2 bearer token) and parses each page from
/// the response stream with System.Text.Json into plain row objects, keeping nothing. No normalisation, no InfluxDB, no
/// state: what is left when the collector does no work of its own.
/// <code>dotnet collector-bench.dll floor --pbx URL --from ISO --to ISO [--client-id ID] [--client-secret S]</code>
/// Prints one JSON line: <c>{"rows":N,"pages":N,"elapsed_s":S}</c>.
/// </summary>
static class FloorCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pbx = new Uri(Arg(args, "--pbx") ?? throw new ArgumentException("--pbx URL is required"));
        var from = DateTimeOffset.Parse(Arg(args, "--from") ?? throw new ArgumentException("--from is required"), CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(Arg(args, "--to") ?? throw new ArgumentException("--to is required"), CultureInfo.InvariantCulture);
        var clientId = Arg(args, "--client-id") ?? "collector";
        var secret = Arg(args, "--client-secret") ?? "sim-secret";
        // The collector's defaults: Xapi:PageSize, Xapi:PageOverlap, CallLog:MaxCallSpan and the backfill's hour windows.
        var top = int.Parse(Arg(args, "--top") ?? "500", CultureInfo.InvariantCulture);
        var overlap = int.Parse(Arg(args, "--overlap") ?? "10", CultureInfo.InvariantCulture);
        var span = TimeSpan.Parse(Arg(args, "--span") ?? "01:00:00", CultureInfo.InvariantCulture);
        var window = TimeSpan.Parse(Arg(args, "--window") ?? "01:00:00", CultureInfo.InvariantCulture);

        var clock = Stopwatch.StartNew();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = pbx, Timeout = TimeSpan.FromMinutes(2) };
        var token = new Token(http, clientId, secret);
        long rows = 0, pages = 0;
        foreach (var read in Reads(from, to, window, span))
        {
            for (var skip = 0; ;)
            {
                var count = await PageAsync(http, token, XapiRoutes.CallLogPage(new CallLogQuery(read.From, read.To), top, skip));
                rows += count;
                pages++;
                if (count < top) break;
                skip = NextSkip(skip, top, overlap);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""{"rows":{{rows}},"pages":{{pages}},"elapsed_s":{{clock.Elapsed.TotalSeconds:F3}}}"""));
        return 0;
    }

    /// <summary>
    /// The call-log ranges a backfill of [<paramref name="from"/>, <paramref name="to"/>) asks the PBX for, in order, as its
    /// SlidingRowReader does: the first window reads [start − L, end + L], each later one only what is new.
    /// </summary>
    internal static IEnumerable<RowRange> Reads(DateTimeOffset from, DateTimeOffset to, TimeSpan window, TimeSpan span)
    {
        RowRange? covered = null;
        foreach (var next in CallWindow.Split(from, to, window))
        {
            var range = next.RowsToRead(span, DateTimeOffset.MaxValue);
            yield return covered is { } c ? new RowRange(c.To, range.To) : range;
            covered = range;
        }
    }

    /// <summary>The next page's <c>$skip</c> after a full page, as the collector's pager moves: <c>$top</c> less the overlap.</summary>
    internal static int NextSkip(int skip, int top, int overlap) => skip + Math.Max(1, top - Math.Min(overlap, top / 2));

    static async Task<int> PageAsync(HttpClient http, Token token, string url)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetAsync());
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                token.Expire();
                continue;
            }
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            var page = await JsonSerializer.DeserializeAsync(stream, FloorJsonContext.Default.FloorPage);
            return page?.Value?.Count ?? throw new JsonException("The page has no value array.");
        }
    }

    static string? Arg(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Client credentials, fetched again shortly before they expire (the simulator's last 60 s, as 3CX's).</summary>
    internal sealed class Token(HttpClient http, string clientId, string secret)
    {
        string? _value;
        DateTime _renewAt;

        public void Expire() => _value = null;

        public async Task<string> GetAsync()
        {
            if (_value is not null && DateTime.UtcNow < _renewAt) return _value;
            using var form = new FormUrlEncodedContent([new("client_id", clientId), new("client_secret", secret), new("grant_type", "client_credentials")]);
            using var response = await http.PostAsync(XapiRoutes.Token, form);
            response.EnsureSuccessStatusCode();
            var answer = await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(), FloorJsonContext.Default.FloorToken)
                         ?? throw new JsonException("No token.");
            var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn ?? 60);
            _renewAt = DateTime.UtcNow + lifetime / 2;
            return _value = answer.AccessToken ?? throw new JsonException("No access_token.");
        }
    }
}
