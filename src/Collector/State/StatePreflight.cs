using System.Data.Common;
using Collector.Configuration;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Collector.State;

/// <summary>
/// Proves at start that the state database can be opened, is sound, and takes a write, so that a state location the
/// collector cannot use stops start-up with one line that says what to do (<see cref="StateFault"/>), instead of every job
/// failing with <c>SQLite Error 14</c> forever: a root-owned Docker bind mount, a read-only mount, a full disk, or a file
/// that is corrupt. A corrupt file is never replaced by an empty one: the line names it and says how to recover.
/// </summary>
internal static class StatePreflight
{
    /// <summary>Opens <paramref name="store"/>'s database, checks it and records this start; throws <see cref="StateUnavailableException"/> when it cannot.</summary>
    public static async Task VerifyAsync(StateStore store, StateOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            await using var connection = await store.Database.OpenAsync(cancellationToken);
            if (store.Provider == StateProvider.Sqlite)
                await QuickCheckAsync(connection, options, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO collector_start (host, started_ticks) VALUES (@host, @ticks)
                ON CONFLICT (host) DO UPDATE SET started_ticks = excluded.started_ticks
                """,
                new { host = Environment.MachineName, ticks = time.GetUtcNow().UtcTicks }, cancellationToken: cancellationToken));
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or StateUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            store.Database.ReleasePooledConnections();
            throw StateFault.Explain(ex, options);
        }
    }

    /// <summary>The one line for a failure at start: which database, why it failed, and the fix.</summary>
    internal static string Explain(Exception error, StateOptions options) => StateFault.Explain(error, options).Message;

    /// <summary>
    /// SQLite's <c>quick_check</c>: reads every page and checks its structure (not the indexes' contents), so garbage in
    /// the middle of the file is found at start rather than when a job happens to read that page.
    /// </summary>
    static async Task QuickCheckAsync(DbConnection connection, StateOptions options, CancellationToken cancellationToken)
    {
        var problems = (await connection.QueryAsync<string>(new CommandDefinition("PRAGMA quick_check(3)", cancellationToken: cancellationToken))).ToList();
        if (problems is ["ok"])
            return;
        var damage = new SqliteException($"quick_check found damage: {string.Join("; ", problems)}", 11);
        throw new StateUnavailableException(StateFault.Describe(StateFaultKind.Corrupt, damage, options), damage, StateFaultKind.Corrupt);
    }
}
