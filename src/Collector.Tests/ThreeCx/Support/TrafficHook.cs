using System.Collections.Concurrent;
using System.Text.Json;

namespace Collector.Tests.ThreeCx.Support;

/// <summary>
/// A delegating handler on the client's real HTTP pipeline: counts requests by path, counts the rows each
/// call-log page carried, and can run an action before each new call-log page, not before a retry of the
/// same page (e.g. move the simulator's clock).
/// </summary>
sealed class TrafficHook : DelegatingHandler
{
    readonly Shared _shared;

    TrafficHook(Shared shared) => _shared = shared;

    public static (Func<DelegatingHandler> Factory, Shared State) Create()
    {
        var shared = new Shared();
        return (() => new TrafficHook(shared), shared);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var isCallLog = path.Contains("/Pbx.GetCallLogData(", StringComparison.Ordinal);
        // A new page (not a retry of the last one): count it and run the test's action first.
        if (isCallLog && request.RequestUri.PathAndQuery != Interlocked.Exchange(ref _shared.LastCallLogUrl, request.RequestUri.PathAndQuery))
        {
            var page = Interlocked.Increment(ref _shared.CallLogPages);
            if (_shared.BeforeCallLogPage is { } before) await before(page);
        }

        _shared.Requests.Enqueue((request.Method.Method, isCallLog ? "calllog" : path, request.RequestUri.Query));

        var response = await base.SendAsync(request, cancellationToken);
        _shared.Statuses.Enqueue((int)response.StatusCode);
        if (isCallLog && response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            try
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                Interlocked.Add(ref _shared.CallLogRowsServed, doc.RootElement.GetProperty("value").GetArrayLength());
            }
            catch (JsonException)
            {
                // A malformed page (fault injection): the client reports it.
            }
        }

        return response;
    }

    public sealed class Shared
    {
        public int CallLogPages;
        public int CallLogRowsServed;
        public string? LastCallLogUrl;
        public Func<int, Task>? BeforeCallLogPage { get; set; }
        public ConcurrentQueue<(string Method, string Path, string Query)> Requests { get; } = new();
        public ConcurrentQueue<int> Statuses { get; } = new();

        public int Count(string path) => Requests.Count(r => r.Path == path);
    }
}
