using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Collector.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster for tests and benchmarks: <c>initdb</c> into a temp folder and <c>pg_ctl start</c> on a
/// free loopback port (trust auth, fsync off), stopped and deleted on dispose. Available only where
/// <c>initdb</c> and <c>pg_ctl</c> exist (on PATH or under /usr/lib/postgresql/*/bin); as root the server
/// runs as the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    readonly string _folder;
    readonly string _pgCtl;
    readonly string? _runAs;

    PostgresCluster(string folder, string pgCtl, string? runAs, int port)
    {
        _folder = folder;
        _pgCtl = pgCtl;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's main process (the postmaster, from its <c>postmaster.pid</c>): its children serve the connections.</summary>
    public int ServerProcessId => int.Parse(File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public static string? BinFolder { get; } = FindBinFolder();

    public static bool IsAvailable => BinFolder is not null && (!IsRoot || UserExists("postgres"));

    static bool IsRoot => Environment.UserName == "root";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = BinFolder ?? throw new InvalidOperationException("PostgreSQL's initdb and pg_ctl were not found.");
        var folder = Directory.CreateTempSubdirectory("collector-pg-").FullName;
        var runAs = IsRoot ? "postgres" : null;
        if (runAs is not null)
            await RunAsync("chown", null, "-R", $"{runAs}:{runAs}", folder);

        var data = Path.Combine(folder, "data");
        await RunAsync(Path.Combine(bin, "initdb"), runAs, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        var port = FreePort.Next();
        var pgCtl = Path.Combine(bin, "pg_ctl");
        await RunAsync(pgCtl, runAs, "-D", data, "-l", Path.Combine(folder, "server.log"),
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=500", "-w", "start");
        return new PostgresCluster(folder, pgCtl, runAs, port);
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} STRATEGY FILE_COPY", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(_pgCtl, _runAs, "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    static async Task RunAsync(string program, string? runAs, params string[] arguments)
    {
        var start = runAs is null ? new ProcessStartInfo(program) : new ProcessStartInfo("runuser") { ArgumentList = { "-u", runAs, "--", program } };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
    }

    static string? FindBinFolder()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin"))
                : []);
        return candidates.FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
    }

    static bool UserExists(string name) => File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));
}
