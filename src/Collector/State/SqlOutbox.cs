using System.Text;
using Collector.Configuration;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Collector.State;

/// <summary>
/// The outbox table (see <see cref="IOutbox"/>); each call is one transaction. A claim marks rows with
/// <c>claimed_by</c> = <paramref name="instance"/> and <c>claimed_until_ticks</c> = now + <c>State:OutboxClaimLease</c>
/// (this machine's clock: the instances' clocks must agree to well within the lease, as NTP keeps them).
/// </summary>
sealed class SqlOutbox(StateDatabase database, StateOptions options, TimeProvider time, ILogger<SqlOutbox> logger, string instance) : IOutbox
{
    /// <summary>The rows nobody holds: never claimed, given back, or whose lease has passed.</summary>
    const string Unclaimed = "(claimed_by IS NULL OR claimed_until_ticks <= @now)";

    long _droppedRows;
    int _overCapWarned;

    public long DroppedRows => Interlocked.Read(ref _droppedRows);

    public OutboxSignal Enqueued { get; } = new();

    public async Task<long> EnqueueAsync(string pbx, OutboxKind kind, string payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentException.ThrowIfNullOrEmpty(payload);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO outbox (pbx, kind, payload, payload_bytes, created_ticks)
            VALUES (@pbx, @kind, @payload, @bytes, @now)
            RETURNING id
            """,
            new { pbx, kind = Name(kind), payload, bytes = (long)Encoding.UTF8.GetByteCount(payload), now = time.GetUtcNow().UtcTicks },
            transaction, cancellationToken: cancellationToken));

        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbox", transaction: transaction, cancellationToken: cancellationToken));
        var dropped = 0;
        if (count > options.OutboxMaxRows)
        {
            dropped = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                DELETE FROM outbox WHERE id IN (
                    SELECT id FROM outbox WHERE kind <> 'calllog' AND {Unclaimed} ORDER BY id LIMIT @excess)
                """,
                new { excess = count - options.OutboxMaxRows, now = time.GetUtcNow().UtcTicks }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        Enqueued.Set();
        // Drops are counted here and reported by the OutboxFlusher once per flush with a count (one line per dropped
        // row flooded the log: 554 lines in 7 minutes while InfluxDB was down).
        if (dropped > 0)
            Interlocked.Add(ref _droppedRows, dropped);

        // Over the cap with call-log rows alone: warned once when it starts, again only after it was back under the cap.
        if (count - dropped > options.OutboxMaxRows)
        {
            if (Interlocked.Exchange(ref _overCapWarned, 1) == 0)
                logger.LogWarning(
                    "Outbox holds {Count} rows, over its cap of {MaxRows}, and the rest are call-log rows, which are never dropped (logged once until it is back under the cap)",
                    count - dropped, options.OutboxMaxRows);
        }
        else
            Interlocked.Exchange(ref _overCapWarned, 0);

        return id;
    }

    public async Task<IReadOnlyList<OutboxEntry>> PeekAsync(int maxRows, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<Row>(
            "SELECT id, pbx, kind, payload, payload_bytes AS bytes, created_ticks AS created FROM outbox ORDER BY id LIMIT @maxRows",
            new { maxRows });

        var entries = new List<OutboxEntry>();
        var bytes = 0L;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            bytes += row.Bytes;
            if (entries.Count > 0 && bytes > maxBytes)
                break;
            entries.Add(ToEntry(row));
        }

        return entries;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ClaimAsync(int maxRows, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        // SQLite: an immediate transaction (one writer at a time); PostgreSQL: the candidates are locked, and rows another
        // instance is claiming at this moment are skipped rather than waited for.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var candidates = await connection.QueryAsync<Candidate>(new CommandDefinition(
            $"SELECT id AS Id, payload_bytes AS Bytes FROM outbox WHERE {Unclaimed} ORDER BY id LIMIT @maxRows{database.Dialect.ClaimLock}",
            new { maxRows, now = now.UtcTicks }, transaction, cancellationToken: cancellationToken));

        var claim = new List<long>();
        var bytes = 0L;
        foreach (var candidate in candidates)
        {
            bytes += candidate.Bytes;
            if (claim.Count > 0 && bytes > maxBytes)
                break;
            claim.Add(candidate.Id);
        }
        if (claim.Count == 0)
            return [];
        var ids = claim.ToArray();

        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE outbox SET claimed_by = @instance, claimed_until_ticks = @until WHERE id {database.Dialect.InIds("ids")}",
            new { instance, until = (now + options.OutboxClaimLease).UtcTicks, ids }, transaction, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT id, pbx, kind, payload, payload_bytes AS bytes, created_ticks AS created FROM outbox WHERE id {database.Dialect.InIds("ids")} ORDER BY id",
            new { ids }, transaction, cancellationToken: cancellationToken));
        var entries = rows.Select(ToEntry).ToList();
        await transaction.CommitAsync(cancellationToken);
        return entries;
    }

    public async Task<int> DeleteClaimedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        // Only rows this instance still holds: if its lease passed and another instance took them, that one deletes them.
        return await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM outbox WHERE claimed_by = @instance AND id {database.Dialect.InIds("ids")}", new { instance, ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE outbox SET claimed_by = NULL, claimed_until_ticks = NULL WHERE claimed_by = @instance AND id {database.Dialect.InIds("ids")}",
            new { instance, ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    public async Task<long> CountPointRowsAsync(string pbx, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbox WHERE pbx = @pbx AND kind <> 'collector'", new { pbx }, cancellationToken: cancellationToken));
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM outbox", cancellationToken: cancellationToken));
    }

    internal static string Name(OutboxKind kind) => kind switch
    {
        OutboxKind.CallLog => "calllog",
        OutboxKind.Live => "live",
        OutboxKind.Collector => "collector",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    static OutboxKind Parse(string name) => name switch
    {
        "calllog" => OutboxKind.CallLog,
        "live" => OutboxKind.Live,
        "collector" => OutboxKind.Collector,
        _ => throw new InvalidDataException($"Unknown outbox kind '{name}' in the state database."),
    };

    static OutboxEntry ToEntry(Row row) => new(row.Id, row.Pbx, Parse(row.Kind), row.Payload, new DateTimeOffset(row.Created, TimeSpan.Zero));

    sealed record Candidate(long Id, long Bytes);

    sealed record Row(long Id, string Pbx, string Kind, string Payload, long Bytes, long Created);
}
