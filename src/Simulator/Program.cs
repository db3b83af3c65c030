using Simulator;
using Simulator.Hosting;

WebApplication app;
try
{
    var commandLine = SimulatorCommandLine.Parse(args);
    if (commandLine.HelpRequested)
    {
        Console.Out.Write(SimulatorCommandLine.Usage());
        return 0;
    }
    app = SimulatorApp.Build(commandLine);
}
catch (ArgumentException e)
{
    // A wrong option or value: one clear line, no stack trace.
    Console.Error.WriteLine($"{SimulatorCommandLine.ProgramName}: {e.Message}");
    return 2;
}

try
{
    await app.RunAsync();
}
catch (Exception e) when (PortInUse.Describe(e) is { } portInUse)
{
    Console.Error.WriteLine($"{SimulatorCommandLine.ProgramName}: {portInUse}");
    return 2;
}
return 0;
