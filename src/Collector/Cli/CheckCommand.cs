using System.CommandLine;
using Collector.Configuration;
using Collector.Diagnostics;

namespace Collector.Cli;

/// <summary>
/// <c>collector check [--json] [--pbx NAME]</c>: diagnoses every configured PBX (or one) and InfluxDB step by step.
/// Exit code 0 only when nothing failed (warnings are fine).
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on standard output, and nothing else." };
        var pbx = new Option<string?>("--pbx") { Description = "Check only the PBX with this name (Pbxs:N:Name).", HelpName = "NAME" };
        var command = new Command("check", "Diagnose each PBX and InfluxDB, endpoint by endpoint, with a verdict and the fix.")
        {
            json,
            pbx,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(VerbAction.Create(context, async (parseResult, configuration, settings, ct) =>
        {
            var name = parseResult.GetValue(pbx);
            IReadOnlyList<PbxOptions> pbxs = settings.Pbxs;
            if (name is not null)
            {
                pbxs = settings.Pbxs.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (pbxs.Count == 0)
                {
                    var known = settings.Pbxs.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", settings.Pbxs.Select(p => p.Name));
                    await context.Error.WriteLineAsync($"No PBX is named \"{name}\" ({known}).");
                    return ExitCodes.ConfigurationError;
                }
            }

            var report = await CollectorCheck.RunAsync(configuration, settings, pbxs, context.Time, context.ConfigureServices, ct);
            if (parseResult.GetValue(json))
                await context.Out.WriteLineAsync(CheckJsonWriter.Serialize(report));
            else
                CheckTableRenderer.Render(report, context.Console);
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
