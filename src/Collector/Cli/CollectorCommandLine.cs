using System.CommandLine;

namespace Collector.Cli;

/// <summary>
/// The <c>collector</c> command line: <c>run</c> (the default: the worker) and <c>check</c> (diagnose each PBX and
/// InfluxDB). Every verb also takes configuration overrides such as <c>--Influx:Url=http://…</c>.
/// </summary>
internal static class CollectorCommandLine
{
    public static RootCommand Build(CliContext context)
    {
        var run = RunCommand.Create(context);
        var root = new RootCommand(
            "Collects call-centre metrics from 3CX V20 phone systems into InfluxDB. Without a verb it runs the worker.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Subcommands.Add(run);
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(BackfillCommand.Create(context));
        root.Subcommands.Add(ReconcileCommand.Create(context));
        root.Subcommands.Add(PlaylistCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Action = run.Action;
        return root;
    }
}
