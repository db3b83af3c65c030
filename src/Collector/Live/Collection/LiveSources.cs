using Collector.Configuration;
using Collector.Live.Derivation;
using Collector.ThreeCx;

namespace Collector.Live.Collection;

/// <summary>What one read of a PBX's live entities gave, and how many requests it took.</summary>
internal sealed record LiveReading(LiveInputs Inputs, int Requests);

/// <summary>
/// Reads one PBX's live entities for a snapshot: <c>ActiveCalls</c> on every run; <c>Queues?$expand=Agents</c>,
/// <c>Users</c> (<c>$select</c> of the live fields) and <c>SystemStatus</c> through caches with the
/// <see cref="LiveOptions"/> TTLs. The reads run in parallel; the first failure (an <see cref="XapiException"/>)
/// fails the whole read. Used by one run at a time.
/// </summary>
sealed class LiveSources(IXapiClient client, LiveOptions options, TimeProvider time)
{
    readonly CachedEntity<IReadOnlyList<XapiQueue>> _queues = new(options.QueuesCacheTtl, time);
    readonly CachedEntity<IReadOnlyList<XapiUser>> _users = new(options.UsersCacheTtl, time);
    readonly CachedEntity<SystemStatus> _status = new(options.SystemStatusCacheTtl, time);
    readonly PbxClock _clock = new();

    public async Task<LiveReading> ReadAsync(CancellationToken cancellationToken)
    {
        var calls = client.GetActiveCallsAsync(cancellationToken);
        var queues = _queues.GetAsync(client.GetQueuesAsync, cancellationToken);
        var users = _users.GetAsync(client.GetUsersAsync, cancellationToken);
        var status = _status.GetAsync(client.GetSystemStatusAsync, cancellationToken);
        await Task.WhenAll(calls, queues, users, status); // throws the first failure, in this order

        var activeCalls = await calls;
        var serverNow = _clock.ServerNow(activeCalls, time.GetUtcNow());
        var (q, qRead) = await queues;
        var (u, uRead) = await users;
        var (s, sRead) = await status;
        var requests = 1 + (qRead ? 1 : 0) + (uRead ? 1 : 0) + (sRead ? 1 : 0);
        return new LiveReading(new LiveInputs(activeCalls, q, u, s, serverNow), requests);
    }
}
