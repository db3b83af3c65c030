using System.CommandLine;
using Collector.Configuration;
using Collector.Demo;
using Collector.Influx.Writing;
using Collector.Hosting;

namespace Collector.Cli;

/// <summary>
/// <c>collector demo</c>: the whole pipeline without a PBX. Starts the 3CX simulator in this process (loopback, real
/// time, a day of history) and runs the same worker as <c>run</c>, with every collection job, against it, writing
/// to the configured InfluxDB (default <c>http://127.0.0.1:8086</c>) as PBX "demo". Runs until Ctrl+C.
/// </summary>
internal static class DemoCommand
{
    static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Run the collector against a simulated 3CX PBX started in this process, writing to the configured InfluxDB.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(VerbAction.Create(context, async (_, configuration, settings, cancellationToken) =>
        {
            if (await InfluxProblemAsync(settings.Influx, cancellationToken) is { } problem)
            {
                await context.Error.WriteLineAsync(problem);
                return ExitCodes.Failed;
            }

            await using var demo = await DemoEnvironment.StartAsync(configuration, cancellationToken);
            await context.Out.WriteLineAsync(Banner(demo, settings.Influx));
            await WorkerHost.RunAsync(demo.Configuration, demo.Settings, context.Hooks, cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Null when InfluxDB answers its ping; otherwise the one message to show, with what to do.</summary>
    static async Task<string?> InfluxProblemAsync(InfluxOptions influx, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = PingTimeout };
        var endpoint = new InfluxEndpoint(influx);
        using var ping = new HttpRequestMessage(HttpMethod.Get, endpoint.PingUri);
        var (answer, _, _) = await new InfluxHttpTransport(http, endpoint, influx, TimeProvider.System).SendAsync(ping, cancellationToken);
        if (answer.Status is >= 200 and < 300) return null;
        var why = answer.Status is null ? answer.TransportError : $"it answered {answer.Summary} to /ping";
        return $"InfluxDB is not reachable at {influx.Url} ({why}). The demo writes there. Start one with " +
               "`docker compose up -d influxdb` (docker-compose.yml; its port is not published, so run the demo there with " +
               "`docker compose --profile demo up -d` instead) or install InfluxDB 1.x (`apt-get install influxdb`), or point the demo " +
               "at yours with --Influx:Url=http://HOST:8086. `collector check` diagnoses the connection.";
    }

    static string Banner(DemoEnvironment demo, InfluxOptions influx) => string.Join(Environment.NewLine,
        $"Demo: a simulated 3CX PBX runs at {demo.SimulatorUrl} (real time, {DemoEnvironment.SimulatedHistoryDays} day of call history).",
        $"The collector reads it as PBX \"{DemoEnvironment.PbxName}\" and writes to InfluxDB at {influx.Url}, database {influx.Database}.",
        "Where to look:",
        "  Grafana:   dashboard 3CX Call Centre / Wallboard, PBX \"demo\" (its datasource must read this InfluxDB: INFLUX_URL;",
        "             or run everything in Docker with `docker compose --profile demo up -d` and open http://localhost:3000)",
        $"  InfluxDB:  influx -host {influx.Url.Host} -port {influx.Url.Port} -database {influx.Database} -execute 'SHOW MEASUREMENTS'",
        $"  The truth: curl {demo.SimulatorUrl}sim/truth/live",
        "Stop with Ctrl+C.");
}
