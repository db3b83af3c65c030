using System.Data.Common;
using Collector.Configuration;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Collector.State;

/// <summary>
/// Proves at start that the state database can be opened, its schema created and a row written, so that a state
/// location the collector cannot write (a root-owned Docker bind mount, a read-only disk) stops start-up with one line
/// that says what to do, instead of every job failing with <c>SQLite Error 14</c> forever.
/// </summary>
internal static class StatePreflight
{
    /// <summary>Opens <paramref name="store"/>'s database and records this start; throws <see cref="StateUnavailableException"/> when it cannot.</summary>
    public static async Task VerifyAsync(StateStore store, StateOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            await using var connection = await store.Database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO collector_start (host, started_ticks) VALUES (@host, @ticks)
                ON CONFLICT (host) DO UPDATE SET started_ticks = excluded.started_ticks
                """,
                new { host = Environment.MachineName, ticks = time.GetUtcNow().UtcTicks }, cancellationToken: cancellationToken));
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
        {
            throw new StateUnavailableException(Explain(ex, options), ex);
        }
    }

    /// <summary>One line: which database, why it failed, and the fix.</summary>
    internal static string Explain(Exception error, StateOptions options)
    {
        var where = StateLocation.Describe(options);
        if (options.Provider == StateProvider.Postgres)
            return $"State error: cannot use the {where} ({FirstLine(error.Message)}). Check State__ConnectionString " +
                   "(host, port, database, user, password) and that PostgreSQL is running and reachable from this machine.";

        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource);
        var folder = Path.GetDirectoryName(file) ?? file;
        var why = error is SqliteException sqlite ? $"SQLite error {sqlite.SqliteErrorCode}: {FirstLine(sqlite.Message.Replace("SQLite Error ", "", StringComparison.Ordinal))}" : FirstLine(error.Message);
        return $"State error: cannot write the state database {file} ({why}). The folder {folder} must exist or be creatable, " +
               $"and be writable by this user ({UserDescription()}): for a Docker bind mount run `chown -R {UidOrName()} <host folder>` " +
               "on the host (or use a named volume), or set State__ConnectionString to a writable file, e.g. Data Source=/var/lib/collector/collector-state.db.";
    }

    static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim().TrimEnd('.');
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    static string UserDescription() => Uid() is { } uid ? $"{Environment.UserName}, uid {uid}" : Environment.UserName;

    static string UidOrName() => Uid() ?? Environment.UserName;

    /// <summary>This process's user id on Linux (from /proc), else null.</summary>
    static string? Uid()
    {
        try
        {
            return File.Exists("/proc/self/status")
                ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?
                    .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
