using Collector.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.State;

/// <summary>The SQL implementation of <see cref="IStateStore"/>; the schema is created on first use.</summary>
internal sealed class StateStore : IStateStore, IAsyncDisposable
{
    readonly StateDatabase _database;

    public StateStore(StateOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _database = new StateDatabase(options);
        var progress = new SqlProgressStore(_database, time);
        Watermarks = progress;
        Checkpoints = progress;
        Quarantine = new SqlQuarantineStore(_database);
        Outbox = new SqlOutbox(_database, options, time, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqlOutbox>());
    }

    public StateProvider Provider => _database.Provider;

    public IWatermarkStore Watermarks { get; }

    public IBackfillCheckpointStore Checkpoints { get; }

    public IOutbox Outbox { get; }

    public IQuarantineStore Quarantine { get; }

    /// <summary>Opens the database and creates the schema now rather than on first use (to fail fast at start).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
    }

    /// <summary>Raw access for tests and tools (e.g. the <c>check</c> verb).</summary>
    internal StateDatabase Database => _database;

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
