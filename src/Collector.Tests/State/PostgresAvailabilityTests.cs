using Npgsql;

namespace Collector.Tests.State;

/// <summary>
/// A fact that runs only where PostgreSQL's <c>initdb</c> and <c>pg_ctl</c> are installed; elsewhere the test run lists it
/// as skipped with the reason, so a run without PostgreSQL says so instead of quietly testing SQLite only.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Missing =
        "PostgreSQL's initdb and pg_ctl were not found (on PATH or under /usr/lib/postgresql/*/bin): the state tests ran on " +
        "SQLite only. Install PostgreSQL (apt-get install postgresql) to run them on PostgreSQL too; .ci/run does.";

    public PostgresFactAttribute()
    {
        if (!PostgresCluster.IsAvailable)
            Skip = Missing;
    }
}

[Collection(StateCollection.Name)]
public sealed class PostgresAvailabilityTests(StateBackends backends)
{
    [PostgresFact]
    public async Task TheStateTestsRunOnPostgreSqlToo()
    {
        Assert.Contains(((IEnumerable<object[]>)StateBackends.All).Select(row => (string)row[0]), name => name == StateBackends.Postgres);
        var options = await backends.NewDatabaseAsync(StateBackends.Postgres);

        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", connection);
        Assert.True((int)(await command.ExecuteScalarAsync())! >= 120000);
    }
}
