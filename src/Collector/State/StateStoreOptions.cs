namespace Collector.State;

/// <summary>Which database holds the collector's state.</summary>
public enum StateProvider
{
    /// <summary>Decide from the connection string: PostgreSQL keywords (<c>Host=</c>, <c>Server=</c>) mean PostgreSQL, else SQLite.</summary>
    Auto,
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where the collector keeps its durable state: call-log watermarks, backfill checkpoints and the outbox.
/// Bound from the <c>State</c> configuration section.
/// </summary>
public sealed class StateStoreOptions
{
    public const string SectionName = "State";

    /// <summary>
    /// ADO.NET connection string. Default <c>Data Source=collector-state.db</c> (an SQLite file beside the
    /// working directory; its folder is created). PostgreSQL: <c>Host=…;Database=…;Username=…;Password=…</c>.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=collector-state.db";

    /// <summary>Database engine; <see cref="StateProvider.Auto"/> (default) reads it from the connection string.</summary>
    public StateProvider Provider { get; set; } = StateProvider.Auto;

    /// <summary>
    /// Most rows the outbox keeps. Past it the oldest <c>live</c> and <c>collector</c> rows are dropped (and
    /// counted); <c>calllog</c> rows are never dropped. Default 100 000.
    /// </summary>
    public int OutboxMaxRows { get; set; } = 100_000;

    /// <summary>Every problem, one line each, naming the configuration key; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
            errors.Add("State:ConnectionString is required, e.g. \"Data Source=state/collector.db\".");
        if (!Enum.IsDefined(Provider))
            errors.Add("State:Provider must be Auto, Sqlite or PostgreSql.");
        if (OutboxMaxRows < 1)
            errors.Add("State:OutboxMaxRows must be at least 1.");
        return errors;
    }
}
