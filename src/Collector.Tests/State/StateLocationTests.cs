using Collector.Configuration;
using Collector.State;

namespace Collector.Tests.State;

public sealed class StateLocationTests
{
    static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void TheDefaultStateFolderIsSystemdsStateDirectoryWhenTheServiceHasOne()
    {
        var folder = StateLocation.DefaultDirectory(Environment(("STATE_DIRECTORY", "/var/lib/threecx-collector:/var/lib/other"), ("HOME", "/home/pbx")));

        Assert.Equal("/var/lib/threecx-collector", folder);
    }

    [Fact]
    public void OnLinuxTheDefaultStateFolderIsTheUsersXdgStateFolderNeverTheWorkingDirectory()
    {
        if (!OperatingSystem.IsLinux())
        {
            var appData = System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData, System.Environment.SpecialFolderOption.DoNotVerify);
            Assert.Equal(Path.Combine(appData, "threecx-collector"), StateLocation.DefaultDirectory(Environment(("HOME", "/home/pbx"))));
            return;
        }

        Assert.Equal("/home/pbx/.local/state/threecx-collector", StateLocation.DefaultDirectory(Environment(("HOME", "/home/pbx"))));
        Assert.Equal("/srv/state/threecx-collector", StateLocation.DefaultDirectory(Environment(("XDG_STATE_HOME", "/srv/state"), ("HOME", "/home/pbx"))));
    }

    [Fact]
    public void TheDefaultConnectionStringIsAnAbsoluteFileInTheStateFolder()
    {
        var settings = CollectorOptions.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.State.ConnectionString).DataSource;
        Assert.True(Path.IsPathRooted(file), file);
        Assert.Equal(Path.Combine(StateLocation.DefaultDirectory(), "collector-state.db"), file);
        Assert.NotEqual(Path.GetFullPath("collector-state.db"), file);
    }

    [Fact]
    public void TheStateLocationIsDescribedForTheStartUpLogWithoutItsPassword()
    {
        Assert.Equal("SQLite file /var/lib/collector/collector-state.db",
            StateLocation.Describe(new StateOptions { ConnectionString = "Data Source=/var/lib/collector/collector-state.db" }));
        Assert.Equal("PostgreSQL database collector on db:5433",
            StateLocation.Describe(new StateOptions { Provider = StateProvider.Postgres, ConnectionString = "Host=db;Port=5433;Database=collector;Username=c;Password=hunter2" }));
    }
}
