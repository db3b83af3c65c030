using Collector.Configuration;
using Microsoft.Data.Sqlite;

namespace Collector.State;

/// <summary>What went wrong with the state database, as far as the collector acts on it.</summary>
internal enum StateFaultKind
{
    /// <summary>Any other failure to open or write it (a folder that cannot be made, permissions, PostgreSQL down).</summary>
    Unavailable,

    /// <summary>The disk holding it is full (SQLite error 13).</summary>
    Full,

    /// <summary>The file or its file system is read-only (SQLite error 8, or a read-only mount).</summary>
    ReadOnly,

    /// <summary>The file is not a database or its pages are damaged (SQLite errors 11 and 26, a failed quick_check).</summary>
    Corrupt,

    /// <summary>The file was deleted or moved away while the collector used it.</summary>
    Lost,
}

/// <summary>
/// Classifies a failure of the state database and says it in one line: which database, what is wrong, what is (and is
/// not) lost, and what to do. <see cref="IsFatal"/> kinds stop the worker: going on would write progress nowhere
/// (<see cref="StateFaultKind.Lost"/>) or on top of damage (<see cref="StateFaultKind.Corrupt"/>); a full or read-only disk
/// does not, because nothing is lost while it lasts (the call-log watermark and the backfill checkpoints stay where they
/// are, and the sync reads the same rows again once it can write).
/// </summary>
internal static class StateFault
{
    const int SqliteReadOnly = 8;
    const int SqliteIoError = 10;
    const int SqliteCorrupt = 11;
    const int SqliteFull = 13;
    const int SqliteCantOpen = 14;
    const int SqliteNotADatabase = 26;
    const string ReadOnlyFileSystem = "Read-only file system";

    public static bool IsFatal(StateFaultKind kind) => kind is StateFaultKind.Lost or StateFaultKind.Corrupt;

    /// <summary>What kind of failure <paramref name="error"/> is, for the database of <paramref name="options"/>.</summary>
    public static StateFaultKind Classify(Exception error, StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(options);
        if (error is StateUnavailableException { Kind: var known })
            return known;
        if (FindSqlite(error) is { } sqlite)
        {
            switch (sqlite.SqliteErrorCode)
            {
                case SqliteFull:
                    return StateFaultKind.Full;
                case SqliteReadOnly:
                    return StateFaultKind.ReadOnly;
                case SqliteCorrupt or SqliteNotADatabase:
                    return StateFaultKind.Corrupt;
                case SqliteCantOpen or SqliteIoError when SqliteFile(options) is { } file && WhyNotWritable(file) is { ReadOnlyFileSystem: true }:
                    return StateFaultKind.ReadOnly;
            }
        }
        else if (error is IOException io)
        {
            // Making the folder, before SQLite is involved.
            if (io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase))
                return StateFaultKind.Full;
            if (io.Message.Contains(ReadOnlyFileSystem, StringComparison.OrdinalIgnoreCase))
                return StateFaultKind.ReadOnly;
        }
        return StateFaultKind.Unavailable;
    }

    /// <summary>The <see cref="StateUnavailableException"/> that explains <paramref name="error"/> (itself when it already is one).</summary>
    public static StateUnavailableException Explain(Exception error, StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is StateUnavailableException explained)
            return explained;
        var kind = Classify(error, options);
        return new StateUnavailableException(Describe(kind, error, options), error, kind);
    }

    /// <summary>The one line for a failure of <paramref name="kind"/>.</summary>
    public static string Describe(StateFaultKind kind, Exception error, StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(options);
        var where = StateLocation.Describe(options);
        if (options.Provider == StateProvider.Postgres)
            return $"State error: cannot use the {where} ({FirstLine(error.Message)}). Check State__ConnectionString " +
                   "(host, port, database, user, password) and that PostgreSQL is running and reachable from this machine.";

        var file = SqliteFile(options) ?? where;
        var folder = Path.GetDirectoryName(file) ?? file;
        var why = Why(error);
        return kind switch
        {
            StateFaultKind.Full =>
                $"State error: the disk holding the state database {file} is full ({why}). Free space there (df -h {folder}) or set " +
                "State__ConnectionString to a file on a larger disk. Nothing is lost meanwhile: InfluxDB keeps what it acknowledged, and the " +
                "call-log watermark and backfill checkpoints stay where they are, so the collector reads the same calls again once it can write; " +
                "live points that InfluxDB did not take meanwhile are dropped.",
            StateFaultKind.ReadOnly =>
                $"State error: the state database {file} cannot be written: {ReadOnlyReason(file)} ({why}). Mount it read-write (for Docker, a volume " +
                $"without :ro; for a bind mount, writable by {UserDescription()}) or set State__ConnectionString to a writable file. Its watermarks " +
                "and checkpoints are kept; the collector continues from them once it can write.",
            StateFaultKind.Corrupt =>
                $"State error: the state database {file} is corrupt ({why}). The collector does not start again from an empty state on its own. " +
                $"To recover: stop the collector, move the file aside with its -wal and -shm files (mv {file} {file}.corrupt), and start it again: " +
                "it creates a new state database, the call-log sync of each PBX starts CallLog__InitialLookback (default 1 day) before now, and " +
                "`collector backfill --from DATE --to now` fills anything older; calls written again overwrite their points in InfluxDB, never double " +
                "them. Only live points still waiting in the old file's outbox are lost.",
            StateFaultKind.Lost =>
                $"State error: the state database {file} was deleted or moved away while the collector was running. The collector stopped rather " +
                "than go on writing its progress into a file nobody can open again (at the next start it would begin from scratch without a word). " +
                "Nothing InfluxDB acknowledged is lost. Put the file back (with its -wal file) if it was moved, or start again to create a new one: " +
                "the call-log sync then starts CallLog__InitialLookback (default 1 day) before now, and `collector backfill --from DATE --to now` " +
                "fills anything older; calls written again overwrite their points, never double them.",
            _ =>
                $"State error: cannot write the state database {file} ({why}). The folder {folder} must exist or be creatable, " +
                $"and be writable by this user ({UserDescription()}): for a Docker bind mount run `chown -R {UidOrName()} <host folder>` " +
                "on the host (or use a named volume), or set State__ConnectionString to a writable file, e.g. Data Source=/var/lib/collector/collector-state.db.",
        };
    }

    /// <summary>The SQLite file's full path, or null for PostgreSQL and in-memory databases.</summary>
    public static string? SqliteFile(StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StateProvider.Sqlite)
            return null;
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:" ||
            builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return null;
        return Path.GetFullPath(builder.DataSource);
    }

    static SqliteException? FindSqlite(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is SqliteException sqlite)
                return sqlite;
        return null;
    }

    static string Why(Exception error)
    {
        if (FindSqlite(error) is not { } sqlite)
            return FirstLine(error.Message);
        // Microsoft.Data.Sqlite writes "SQLite Error 14: 'unable to open database file'."; say the number once.
        var prefix = $"SQLite Error {sqlite.SqliteErrorCode}: ";
        var text = sqlite.Message.StartsWith(prefix, StringComparison.Ordinal) ? sqlite.Message[prefix.Length..] : sqlite.Message;
        return $"SQLite error {sqlite.SqliteErrorCode}: {FirstLine(text)}";
    }

    sealed record Writability(bool ReadOnlyFileSystem, string? Reason);

    /// <summary>
    /// Why the file (or, when it does not exist, its folder) cannot be opened for writing, in the operating system's words:
    /// SQLite says only "unable to open database file", which does not tell a read-only mount from a missing folder.
    /// </summary>
    static Writability? WhyNotWritable(string file)
    {
        try
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                return null;
            }
            var folder = Path.GetDirectoryName(file);
            if (folder is null || !Directory.Exists(folder))
                return null;
            var probe = Path.Combine(folder, $".collector-write-probe-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (IOException e) when (e.Message.Contains(ReadOnlyFileSystem, StringComparison.OrdinalIgnoreCase))
        {
            return new Writability(true, "its file system is mounted read-only");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Writability(false, FirstLine(e.Message));
        }
    }

    static string ReadOnlyReason(string file) => WhyNotWritable(file) switch
    {
        { ReadOnlyFileSystem: true, Reason: var reason } => reason!,
        { Reason: { } reason } => reason,
        _ => "the file or its folder is read-only",
    };

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
