namespace Simulator;

/// <summary>Builds the simulator web application, so tests and `collector demo` can host it in-process.</summary>
public static class SimulatorApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        app.MapGet("/sim/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
