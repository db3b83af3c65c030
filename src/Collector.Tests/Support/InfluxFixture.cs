namespace Collector.Tests.Support;

/// <summary>One influxd for all tests in <see cref="InfluxCollection"/>; each test uses its own database name.</summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    InfluxServer? _server;

    public InfluxServer Server => _server ?? throw new InvalidOperationException("The influxd fixture has not started.");

    public async Task InitializeAsync() => _server = await InfluxServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class InfluxCollection : ICollectionFixture<InfluxFixture>
{
    public const string Name = "influxd";
}
