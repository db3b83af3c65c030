using System.CommandLine;
using Collector.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Collector.Cli;

/// <summary><c>collector run</c>: the worker host with every scheduled job for every enabled PBX, until stopped.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("run", "Run the worker: collect from every enabled PBX on schedule (the default verb).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(VerbAction.Create(context, async (_, configuration, settings, ct) =>
        {
            using var host = WorkerHost.Build(configuration, settings, context);
            // Validate the components' own options (Xapi:…) before the host starts, so a bad value ends in one
            // line (VerbAction) rather than the host's "failed to start" log with a stack trace.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync(ct);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
