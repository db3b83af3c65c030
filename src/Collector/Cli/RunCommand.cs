using System.CommandLine;
using Collector.Configuration;
using Collector.Hosting;
using Collector.State;
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
            PbxSelection.Choose(settings, name: null, enabledOnly: true);   // a worker with nothing to collect is a configuration error
            using var host = WorkerHost.Build(configuration, settings, context.Hooks);
            // Validate the options and the state database before the host starts, so a bad value or an unwritable state
            // folder ends in one line (VerbAction) rather than a stack trace or a loop of errors.
            CollectorOptions.Validate(host.Services);
            await StatePreflight.VerifyAsync(host.Services.GetRequiredService<StateStore>(), settings.State, context.Time, ct);
            await host.RunAsync(ct);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
