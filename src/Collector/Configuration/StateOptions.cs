using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Collector.Configuration;

/// <summary>The database that keeps the collector's own state (watermarks, checkpoints, the durable buffer).</summary>
internal enum StateProvider
{
    /// <summary>A local SQLite file (the default; one collector instance).</summary>
    Sqlite,
    /// <summary>PostgreSQL (several collector instances sharing state).</summary>
    Postgres,
}

/// <summary>Configuration keys <c>State:…</c>: where the state lives and how big the durable buffer may grow.</summary>
internal sealed class StateOptions : IValidatableObject
{
    /// <summary>
    /// <c>collector-state.db</c> in the platform's state folder (<see cref="State.StateLocation"/>; e.g.
    /// <c>~/.local/state/threecx-collector/</c> on Linux), never the working directory.
    /// </summary>
    public static string DefaultSqliteConnectionString => State.StateLocation.DefaultSqliteConnectionString();

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public StateProvider Provider { get; set; } = StateProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. Default for SQLite: <see cref="DefaultSqliteConnectionString"/> (filled in when the
    /// options are loaded); required for PostgreSQL (e.g. <c>Host=db;Username=collector;Password=…;Database=collector</c>).
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Most rows the durable buffer (outbox) keeps; past it the oldest live and job-record rows are dropped and
    /// counted, call-log rows never. Default 100 000 (a row is one point or one batch).
    /// </summary>
    [Range(100, 100_000_000), Unit("rows")]
    public int OutboxMaxRows { get; set; } = 100_000;

    /// <summary>
    /// How long an instance's claim on the outbox rows it is sending lasts. Rows claimed by an instance that died before
    /// InfluxDB acknowledged them are taken by another instance (or by this one after a restart) once this has passed.
    /// Far longer than one write (Influx:RequestTimeout), so a live claim never expires mid-write. Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan OutboxClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// PostgreSQL only (a cluster): how often each collector process records in Quartz's tables that it is alive.
    /// Default 7.5 s (Quartz's own default). A process that has missed its check-in by
    /// <see cref="ClusterCheckinMisfireThreshold"/> is taken for dead and its PBXs' jobs move to the others, so the
    /// failover time is about the sum of the two (15 s by default; docs/scale-out.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>
    /// PostgreSQL only: how long past a missed check-in the other processes wait before taking a process for dead. Keep it
    /// above the longest pause a live process may have (garbage collection, a database failover), or a process still
    /// working is written off. Default 7.5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(7.5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            if (Provider == StateProvider.Postgres)
                yield return new("is not set; it is required when State:Provider is postgres (e.g. Host=db;Database=collector;Username=collector;Password=…).",
                    [nameof(ConnectionString)]);
            yield break;
        }
        string? problem = null;
        try
        {
            // The value may hold a password, so the message never repeats it.
            if (Provider == StateProvider.Sqlite)
            {
                if (string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(ConnectionString).DataSource))
                    problem = "it names no Data Source (the SQLite file)";
            }
            else
                _ = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            problem = ex.Message.TrimEnd('.');
        }
        if (problem is not null)
            yield return new($"is not a valid {(Provider == StateProvider.Sqlite ? "SQLite" : "PostgreSQL")} connection string: {problem}.", [nameof(ConnectionString)]);
    }
}
