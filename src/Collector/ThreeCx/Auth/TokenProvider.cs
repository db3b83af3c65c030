namespace Collector.ThreeCx.Auth;

/// <summary>
/// Holds one PBX's token. 3CX keeps one active token per client, so fetches are serialised: concurrent callers
/// wait for the one fetch in flight, and a caller reporting a rejected token gets the newer one if another caller
/// already replaced it.
/// </summary>
internal sealed class TokenProvider(TokenClient client, TimeProvider time) : IDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    AccessToken? _current;

    /// <summary>The cached token, or a new one when there is none or it is due for refresh.</summary>
    public async ValueTask<AccessToken> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(Volatile.Read(ref _current)) is { } cached) return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Fresh(_current) ?? await FetchAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replaces <paramref name="rejected"/> (the PBX answered 401 to it) unless that already happened.</summary>
    public async ValueTask<AccessToken> RefreshAsync(AccessToken rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = _current;
            return current is not null && !ReferenceEquals(current, rejected) && Fresh(current) is not null
                ? current
                : await FetchAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fetches a new token whatever is cached.</summary>
    public async Task<AccessToken> ForceRefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await FetchAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    async Task<AccessToken> FetchAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _current, null);
        var token = await client.FetchAsync(cancellationToken);
        Volatile.Write(ref _current, token);
        return token;
    }

    AccessToken? Fresh(AccessToken? token) => token is not null && time.GetUtcNow() < token.RefreshAt ? token : null;
}
