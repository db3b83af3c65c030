using System.CommandLine;
using Collector.Hosting;

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
        command.SetAction(VerbAction.Create(context, async (_, configuration, settings, cancellationToken) =>
        {
            PbxSelection.Choose(settings, name: null, enabledOnly: true);   // a worker with nothing to collect is a configuration error
            await WorkerHost.RunAsync(configuration, settings, context.Hooks, cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
