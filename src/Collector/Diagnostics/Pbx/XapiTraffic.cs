namespace Collector.Diagnostics.Pbx;

/// <summary>
/// Records the HTTP statuses of every XAPI attempt made within a scope, so the check can tell "passed" from
/// "passed after the PBX answered 429 and the client retried". Added as a handler to the XAPI client's named
/// <see cref="HttpClient"/>; it sees each attempt because the retries happen above the HttpClient.
/// </summary>
internal sealed class XapiTraffic : DelegatingHandler
{
    static readonly AsyncLocal<List<string>?> Current = new();

    /// <summary>Starts recording for the current async flow; dispose to stop.</summary>
    public static Scope Record()
    {
        var attempts = new List<string>();
        Current.Value = attempts;
        return new Scope(attempts);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempts = Current.Value;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            Add(attempts, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (HttpRequestException)
        {
            Add(attempts, "network error");
            throw;
        }
    }

    static void Add(List<string>? attempts, string outcome)
    {
        if (attempts is null) return;
        lock (attempts) attempts.Add(outcome);
    }

    public sealed class Scope(List<string> attempts) : IDisposable
    {
        /// <summary>The failed attempts that the client retried: 408, 429, 5xx and dropped connections (401s are token refreshes).</summary>
        public IReadOnlyList<string> RetriedFailures
        {
            get
            {
                lock (attempts)
                    return attempts.Where(a => a is "408" or "429" or "network error" || a.StartsWith('5')).ToList();
            }
        }

        public void Dispose() => Current.Value = null;
    }
}
