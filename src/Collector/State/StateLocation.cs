using Microsoft.Data.Sqlite;

namespace Collector.State;

/// <summary>
/// Where the collector keeps its SQLite state when <c>State:ConnectionString</c> is not set: a fixed folder that does
/// not depend on the working directory, so a collector started from another folder still finds its watermarks,
/// checkpoints and buffered points. In order:
/// <list type="number">
/// <item><c>$STATE_DIRECTORY</c> (systemd's <c>StateDirectory=</c>; the first path when it lists several);</item>
/// <item>Linux and other Unix: <c>$XDG_STATE_HOME/threecx-collector</c>, else <c>~/.local/state/threecx-collector</c>;</item>
/// <item>Windows and macOS: the local application-data folder (<c>%LOCALAPPDATA%</c>, <c>~/Library/Application Support</c>)
/// plus <c>threecx-collector</c>.</item>
/// </list>
/// The container image sets <c>State__ConnectionString</c> to <c>/var/lib/collector/collector-state.db</c> instead.
/// </summary>
internal static class StateLocation
{
    /// <summary>The folder name under the platform's state or data folder.</summary>
    public const string FolderName = "threecx-collector";

    /// <summary>The SQLite file's name in that folder.</summary>
    public const string FileName = "collector-state.db";

    /// <summary>The default SQLite connection string: <see cref="FileName"/> in <see cref="DefaultDirectory"/>.</summary>
    public static string DefaultSqliteConnectionString(Func<string, string?>? environment = null) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(DefaultDirectory(environment), FileName) }.ToString();

    /// <summary>The default folder, from the environment (<paramref name="environment"/> reads a variable; tests pass their own).</summary>
    public static string DefaultDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("STATE_DIRECTORY") is { Length: > 0 } systemd)
            return systemd.Split(':', StringSplitOptions.RemoveEmptyEntries)[0];
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), FolderName);
        if (environment("XDG_STATE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, FolderName);
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "state", FolderName);
    }

    /// <summary>The state database in words, for the start-up log: the SQLite file's full path, or PostgreSQL's host and database (never a password).</summary>
    public static string Describe(Configuration.StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == Configuration.StateProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString);
            return sqlite.Mode == SqliteOpenMode.Memory || sqlite.DataSource == ":memory:"
                ? "SQLite in memory (nothing survives a restart)"
                : $"SQLite file {Path.GetFullPath(sqlite.DataSource)}";
        }
        var postgres = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"PostgreSQL database {postgres.Database ?? "(default)"} on {postgres.Host}:{postgres.Port}";
    }
}
