using Simulator.Auth;
using Simulator.Clock;
using Simulator.Control;
using Simulator.Faults;
using Simulator.Hosting;
using Simulator.Model;
using Simulator.Truth;
using Simulator.Xapi;
using Simulator.Xapi.CallLog;
using Simulator.Xapi.Live;
using Simulator.Xapi.Reports;

namespace Simulator;

/// <summary>Builds the simulator web application, so tests and `collector demo` can host it in-process.</summary>
public static class SimulatorApp
{
    /// <summary>Where the simulator listens when no <c>--urls</c> is given: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Builds the simulator from command-line arguments (<c>--seed 7</c>, <c>--Logging:LogLevel:Default=Warning</c>, …);
    /// an unknown option, a missing or wrong value, or <c>--help</c> throws an <see cref="ArgumentException"/>.
    /// </summary>
    public static WebApplication Build(string[] args) => Build(SimulatorCommandLine.Parse(args));

    /// <summary>
    /// Builds one simulator (<c>--tenants</c> must be 1: <see cref="BuildTenants"/> builds several).
    /// </summary>
    public static WebApplication Build(SimulatorCommandLine commandLine)
    {
        var app = Build(commandLine, tenant: 0, out var options);
        if (options.Tenants == 1) return app;
        _ = app.DisposeAsync().AsTask();
        throw new ArgumentException("--tenants asks for several simulators; build them with SimulatorApp.BuildTenants.");
    }

    /// <summary>
    /// Builds every tenant that <c>--tenants N</c> asks for (one when it is not given): tenant i listens on each
    /// <c>--urls</c> port + i (port 0 stays 0: any free port) and plays the world of <c>--seed</c> + i, with its own
    /// clock, faults, tokens and truth. They share nothing but the process.
    /// </summary>
    public static IReadOnlyList<WebApplication> BuildTenants(SimulatorCommandLine commandLine)
    {
        var apps = new List<WebApplication> { Build(commandLine, tenant: 0, out var options) };
        try
        {
            for (var tenant = 1; tenant < options.Tenants; tenant++)
                apps.Add(Build(commandLine, tenant, out _));
        }
        catch
        {
            foreach (var app in apps) _ = app.DisposeAsync().AsTask();
            throw;
        }
        return apps;
    }

    static WebApplication Build(SimulatorCommandLine commandLine, int tenant, out SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        if (commandLine.HelpRequested) throw new ArgumentException("--help asks for the usage; there is no simulator to build.");
        var builder = WebApplication.CreateSlimBuilder(commandLine.ConfigurationArgs);
        // SIM_SEED, SIM_CLIENT_ID, … rank below the command line.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix = "SIM_" });
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrEmpty(urls)) urls = DefaultUrl;
        builder.WebHost.UseUrls(TenantUrls.For(urls, tenant));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The host logs a failed start or stop with its stack trace and then throws the same exception to the
        // caller (Program.cs says "port N is in use" in one line); the simulator has no background services,
        // whose faults the host would only log.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        options = SimulatorOptions.From(builder.Configuration, TimeProvider.System).ForTenant(tenant);
        // Right after the options, so a default start (the real now) and the clock's anchor are the same instant.
        var clock = new SimClock(options.Start, options.Speed, TimeProvider.System);
        var directory = new PbxDirectory(options.Queues, options.Agents, options.Seed);
        var begin = options.Start.UtcTicks - (long)(options.HistoryDays * TimeSpan.TicksPerDay);
        var world = new World(directory, options.Seed, options.CallsPerHour, begin, new CallCentreZone(options.TimeZone), options.CallbackShare);
        var faults = new FaultSettings(options.Seed);
        var tokens = new TokenService(clock, faults, options.ClientId);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(clock);
        services.AddSingleton(faults);
        services.AddSingleton(tokens);
        var simulation = new SimulationHost(world, clock);
        services.AddSingleton(simulation);
        services.AddSingleton(new CallLegRows(directory, options.Seed));
        services.AddSingleton(new TruthCalls(options.Seed));
        services.AddSingleton(new TruthAbandoned(options.Seed));
        services.AddSingleton<CallLogIndex>();
        services.AddSingleton<CallLogHandler>();
        services.AddSingleton<ActiveCallsHandler>();
        services.AddSingleton<QueuesHandler>();
        services.AddSingleton<UsersHandler>();
        services.AddSingleton<SystemStatusHandler>();
        services.AddSingleton<ReportsHandler>();
        services.AddSingleton<XapiRouter>();
        services.AddSingleton<XapiPipeline>();
        services.AddSingleton(new TokenEndpoint(tokens, faults, options.ClientId, options.ClientSecret));

        var app = builder.Build();
        // Every answer's Date header is the PBX's clock, as a real PBX's is (its own clock, not the host's).
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = clock.Now.UtcDateTime.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.MapPost("/connect/token", (HttpContext context, TokenEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapGet("/xapi/{**rest}", (HttpContext context, XapiPipeline pipeline) => pipeline.HandleAsync(context));
        app.MapControl();
        app.MapTruth();
        // Simulate the history in the background right away; the first requests wait for it.
        app.Lifetime.ApplicationStarted.Register(() => Task.Run(() => simulation.Read((_, _) => 0)));
        return app;
    }
}
