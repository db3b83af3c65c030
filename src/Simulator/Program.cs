using Simulator;

WebApplication app;
try
{
    app = SimulatorApp.Build(args);
}
catch (ArgumentException e)
{
    // A bad command-line value: one clear line, no stack trace.
    Console.Error.WriteLine($"threecx-simulator: {e.Message}");
    return 2;
}
await app.RunAsync();
return 0;
