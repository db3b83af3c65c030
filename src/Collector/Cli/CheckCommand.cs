using System.CommandLine;
using Collector.Configuration;
using Collector.Diagnostics;

namespace Collector.Cli;

/// <summary>
/// <c>collector check [--json] [--pbx NAME | --influx-only]</c>: diagnoses every configured PBX (or one) and InfluxDB step by step.
/// Exit code 0 only when nothing failed (warnings are fine); 2 when no PBX is configured (unless <c>--influx-only</c>) or
/// <c>--pbx</c> names none.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on standard output, and nothing else." };
        var pbx = new Option<string?>("--pbx") { Description = "Check only the PBX with this name (Pbxs:N:Name).", HelpName = "NAME" };
        var influxOnly = new Option<bool>("--influx-only") { Description = "Check only InfluxDB (no PBX needs to be configured)." };
        var command = new Command("check", "Diagnose each PBX and InfluxDB, endpoint by endpoint, with a verdict and the fix.")
        {
            json,
            pbx,
            influxOnly,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(VerbAction.Create(context, async (parseResult, configuration, settings, cancellationToken) =>
        {
            // Disabled PBXs are checked too (that is how one finds out whether it may be enabled).
            IReadOnlyList<PbxOptions> pbxs = parseResult.GetValue(influxOnly) ? []
                : PbxSelection.Choose(settings, parseResult.GetValue(pbx), enabledOnly: false,
                    alternative: "or run `collector check --influx-only` to check only InfluxDB");

            var report = await CollectorCheck.RunAsync(configuration, pbxs, context.Hooks, cancellationToken);
            if (parseResult.GetValue(json))
                await context.Out.WriteLineAsync(CheckJsonWriter.Serialize(report));
            else
                CheckTableRenderer.Render(report, context.Console);
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
