using Collector.Configuration;
using Collector.State;
using Microsoft.Extensions.Time.Testing;

namespace Collector.Tests.State;

static class StateTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static StateStore Open(StateOptions options, int outboxMaxRows = 100_000, TimeProvider? time = null) =>
        new(WithOutboxMaxRows(options, outboxMaxRows), time ?? new FakeTimeProvider(Now));

    static StateOptions WithOutboxMaxRows(StateOptions options, int outboxMaxRows)
    {
        options.OutboxMaxRows = outboxMaxRows;
        return options;
    }

    public static async Task<List<long>> EnqueueAsync(IOutbox outbox, params (OutboxKind Kind, string Payload)[] rows)
    {
        var ids = new List<long>();
        foreach (var (kind, payload) in rows)
            ids.Add(await outbox.EnqueueAsync("hq", kind, payload, CancellationToken.None));
        return ids;
    }

    public static async Task<List<string>> PayloadsAsync(IOutbox outbox) =>
        [.. (await outbox.PeekAsync(int.MaxValue, long.MaxValue, CancellationToken.None)).Select(e => e.Payload)];
}
