using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Collector.Tests.Demo;
using Collector.Tests.Grafana.Dashboards;
using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;

namespace Collector.Tests.Acceptance;

/// <summary>
/// The compose stack's InfluxDB and Grafana as real containers (the images docker-compose.yml names), Grafana with
/// our provisioning mounted and the environment compose gives it from .env.example, left as it is: Slack and email
/// empty. The collector's own pipeline fills InfluxDB from an in-process simulator (a day of history reconciled, a call-log
/// sync, a live snapshot at a moment when callers wait) as in <see cref="DashboardWorld"/>. Starts nothing where
/// <see cref="DockerAcceptance.SkipReason"/> says the tests are skipped.
/// </summary>
public sealed class GrafanaStack : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);

    static readonly string[] Model = ["--seed", "7", "--speed", "0", "--start", "2026-11-23T10:30:00Z", "--history-days", "1", "--queues", "3", "--agents", "12"];

    /// <summary>How long a container may take to answer; one that exits first fails at once, with its log.</summary>
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    INetwork? _network;
    IContainer? _influx;
    IContainer? _grafana;
    HttpClient? _influxHttp;

    /// <summary>What compose passes to the grafana service with .env.example as .env.</summary>
    public IReadOnlyDictionary<string, string> GrafanaEnvironment { get; } = ComposeFile.Environment("grafana", ComposeFile.EnvExample());

    /// <summary>Grafana's HTTP API as the admin of .env.example.</summary>
    public HttpClient Grafana { get; private set; } = null!;

    /// <summary>Plays Grafana's dashboard variables and time ranges at the collector's clock after the pipeline ran.</summary>
    public DashboardQueryRunner Runner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (DockerAcceptance.SkipReason is not null) return;

        _network = new NetworkBuilder().Build();
        await _network.CreateAsync();

        _influx = new ContainerBuilder(DockerAcceptance.Images[0])
            .WithNetwork(_network)
            .WithNetworkAliases("influxdb")
            .WithEnvironment(ComposeFile.Environment("influxdb", ComposeFile.EnvExample()))
            .WithPortBinding(8086, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(8086).ForPath("/ping").ForStatusCode(HttpStatusCode.NoContent), o => o.WithTimeout(StartTimeout)))
            .Build();
        await _influx.StartAsync();
        var influxUrl = new Uri($"http://{_influx.Hostname}:{_influx.GetMappedPublicPort(8086)}/");
        _influxHttp = new HttpClient { BaseAddress = influxUrl };

        var grafana = new ContainerBuilder(DockerAcceptance.Images[1])
            .WithNetwork(_network)
            .WithEnvironment(GrafanaEnvironment)
            .WithPortBinding(3000, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(3000).ForPath("/api/health"), o => o.WithTimeout(StartTimeout)));
        foreach (var (hostPath, containerPath, readOnly) in ComposeFile.BindMounts("grafana"))
            grafana = grafana.WithBindMount(hostPath, containerPath, readOnly ? AccessMode.ReadOnly : AccessMode.ReadWrite);
        _grafana = grafana.Build();

        await Task.WhenAll(FillInfluxAsync(influxUrl), StartGrafanaAsync(_grafana));

        Grafana = new HttpClient { BaseAddress = new Uri($"http://{_grafana.Hostname}:{_grafana.GetMappedPublicPort(3000)}/") };
        var login = $"{GrafanaEnvironment["GF_SECURITY_ADMIN_USER"]}:{GrafanaEnvironment["GF_SECURITY_ADMIN_PASSWORD"]}";
        Grafana.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login)));
    }

    /// <summary>Grafana's log so far, for failure messages.</summary>
    public async Task<string> GrafanaLogAsync()
    {
        if (_grafana is null) return "";
        var (stdout, stderr) = await _grafana.GetLogsAsync();
        return stdout + stderr;
    }

    async Task FillInfluxAsync(Uri influxUrl)
    {
        var database = GrafanaEnvironment["INFLUX_DB"];
        await using var sim = await SimulatorHost.StartAsync(Model);
        var now = await DashboardWorld.QuietMomentAsync(sim);
        await using var pipeline = new CollectorPipeline(sim, influxUrl, database, DashboardWorld.PbxName, now);
        await pipeline.BackfillAsync(Start.AddDays(-1), now);
        await pipeline.SyncAsync();
        await pipeline.ReconcileAsync(DateOnly.FromDateTime(Start.AddDays(-1).UtcDateTime));
        await pipeline.SnapshotAsync();
        await pipeline.FlushAsync();
        Runner = new DashboardQueryRunner(_influxHttp!, database, pipeline.Now);
    }

    async Task StartGrafanaAsync(IContainer grafana)
    {
        try
        {
            await grafana.StartAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Grafana did not start (a provisioning error is fatal at start). Its log:\n{await GrafanaLogAsync()}", e);
        }
    }

    public async Task DisposeAsync()
    {
        Grafana?.Dispose();
        _influxHttp?.Dispose();
        if (_grafana is not null) await _grafana.DisposeAsync();
        if (_influx is not null) await _influx.DisposeAsync();
        if (_network is not null) await _network.DisposeAsync();
    }
}
