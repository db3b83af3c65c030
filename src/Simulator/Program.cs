using System.Globalization;
using Simulator;
using Simulator.Hosting;

IReadOnlyList<WebApplication> tenants;
try
{
    var commandLine = SimulatorCommandLine.Parse(args);
    if (commandLine.HelpRequested)
    {
        Console.Out.Write(SimulatorCommandLine.Usage());
        return 0;
    }
    tenants = SimulatorApp.BuildTenants(commandLine);
}
catch (ArgumentException e)
{
    // A wrong option or value: one clear line, no stack trace.
    Console.Error.WriteLine($"{SimulatorCommandLine.ProgramName}: {e.Message}");
    return 2;
}

try
{
    foreach (var tenant in tenants) await tenant.StartAsync();
    // With --tenants, one line per tenant, so a script started with port 0 can read where each PBX listens.
    for (var i = 0; tenants.Count > 1 && i < tenants.Count; i++)
    {
        var options = tenants[i].Services.GetRequiredService<SimulatorOptions>();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tenant {i}: {string.Join(' ', tenants[i].Urls)} seed {options.Seed}"));
    }
    await Task.WhenAll(tenants.Select(t => t.WaitForShutdownAsync()));
}
catch (Exception e) when (PortInUse.Describe(e) is { } portInUse)
{
    Console.Error.WriteLine($"{SimulatorCommandLine.ProgramName}: {portInUse}");
    return 2;
}
finally
{
    foreach (var tenant in tenants) await tenant.DisposeAsync();
}
return 0;
