using Collector.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.State;

/// <summary>
/// The SQL implementation of <see cref="IStateStore"/>; the schema is created on first use. Every operation goes through
/// <see cref="Health"/>, which explains failures and notices a lost or corrupt database.
/// </summary>
internal sealed class StateStore : IStateStore, IAsyncDisposable
{
    readonly StateDatabase _database;

    public StateStore(StateOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        loggerFactory ??= NullLoggerFactory.Instance;
        _database = new StateDatabase(options);
        Health = new StateHealth(_database, options, loggerFactory.CreateLogger<StateHealth>());
        var progress = new GuardedProgressStore(new SqlProgressStore(_database, time), Health);
        Watermarks = progress;
        Checkpoints = progress;
        Quarantine = new GuardedQuarantineStore(new SqlQuarantineStore(_database), Health);
        Outbox = new GuardedOutbox(new SqlOutbox(_database, options, time, loggerFactory.CreateLogger<SqlOutbox>(), Instance), Health);
    }

    public StateProvider Provider => _database.Provider;

    /// <summary>This store's name in the state database, e.g. on the outbox rows it claims (<see cref="StateInstance"/>).</summary>
    public string Instance { get; } = StateInstance.NewId();

    public IWatermarkStore Watermarks { get; }

    public IBackfillCheckpointStore Checkpoints { get; }

    public IOutbox Outbox { get; }

    /// <summary>How the state database is doing: failures explained, a lost or corrupt database reported as fatal.</summary>
    public StateHealth Health { get; }

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
