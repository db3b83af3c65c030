using System.CommandLine;
using System.Globalization;
using Collector.CallLog.Backfill;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Influx.Writing;
using Collector.State;
using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Spectre.Console;

namespace Collector.Cli;

/// <summary>
/// <c>collector backfill --from DATE --to DATE [--pbx NAME] [--window hh:mm:ss] [--json] [--restart]</c>: writes call-log
/// history to InfluxDB window by window (<see cref="CallLogBackfill"/>). Exit 0 when every PBX finished, 1 on a
/// failure or a bad argument (one line says which), 2 on a configuration error, 130 when interrupted (Ctrl-C; rerun to resume).
/// </summary>
internal static class BackfillCommand
{
    /// <summary>Exit code after Ctrl-C: finished windows are kept, the same command resumes.</summary>
    public const int Interrupted = 130;

    static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(1);
    static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public static Command Create(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "First day (yyyy-MM-dd, UTC) or instant (yyyy-MM-ddTHH:mm[:ss][+hh:mm]) of call starts to pull.", Required = true, HelpName = "DATE" };
        var to = new Option<string>("--to") { Description = "Last day (included) or instant (excluded) of call starts to pull, or now.", Required = true, HelpName = "DATE" };
        var pbx = new Option<string?>("--pbx") { Description = "Only the PBX with this name (Pbxs:N:Name); default every enabled PBX.", HelpName = "NAME" };
        var window = new Option<string?>("--window") { Description = "Call starts per window (default 01:00:00; halved reads when 3CX's row cap is reached).", HelpName = "hh:mm:ss" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per window and per PBX on standard output instead of a progress bar." };
        var restart = new Option<bool>("--restart") { Description = "Ignore the checkpoint of an interrupted run of this range and start from --from." };
        var command = new Command("backfill", "Pull call-log history into InfluxDB in windows; safe to interrupt and rerun (resumes, never double counts).")
        {
            from, to, pbx, window, json, restart,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(VerbAction.Create(context, async (parseResult, configuration, settings, cancellationToken) =>
        {
            var pbxs = PbxSelection.Choose(settings, parseResult.GetValue(pbx), enabledOnly: true);
            BackfillRange range;
            TimeSpan size;
            try
            {
                range = BackfillRange.Parse(parseResult.GetValue(from)!, parseResult.GetValue(to)!, context.Time.GetUtcNow());
                size = ParseWindow(parseResult.GetValue(window));
            }
            catch (FormatException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return ExitCodes.Failed;
            }

            var now = context.Time.GetUtcNow();
            if (range.From >= now)
            {
                await context.Error.WriteLineAsync($"--from ({BackfillRange.Show(range.From)}) is not in the past; there is no history to pull yet.");
                return ExitCodes.Failed;
            }
            if (range.To > now)
                range = range with { To = now };   // same Key: a rerun of the same command still resumes

            var output = parseResult.GetValue(json) ? BackfillOutput.Json(context.Out, context.Time)
                : context.Console.Profile.Capabilities.Interactive && context.Console.Profile.Capabilities.Ansi && !Console.IsOutputRedirected
                    ? BackfillOutput.Live(context.Console)
                    : BackfillOutput.Lines(context.Out, context.Time);

            await using var services = BuildServices(configuration, context);
            await StatePreflight.VerifyAsync(services.GetRequiredService<StateStore>(), settings.State, context.Time, cancellationToken);
            var backfill = services.GetRequiredService<CallLogBackfill>();
            var secrets = services.GetRequiredService<Collector.Security.SecretRegistry>();
            var fromScratch = parseResult.GetValue(restart);
            foreach (var target in pbxs)
            {
                var start = fromScratch ? range.From : await backfill.ResumePointAsync(target, range, cancellationToken);
                if (start >= range.To)
                {
                    output.AlreadyDone(target.Name, range);
                    continue;
                }
                var windows = CallWindow.Split(start, range.To, size).Count();
                output.Starting(target.Name, range, start, windows, size);
                BackfillResult result;
                try
                {
                    result = await output.RunAsync(target.Name, windows,
                        progress => backfill.RunAsync(target, range, size, fromScratch, progress, cancellationToken));
                }
                catch (Exception ex) when (ex is XapiException or InfluxWriteException or CallLogCapException or ProgressConflictException)
                {
                    output.Failed(target.Name, secrets.Mask(ex.Message));   // already cut and masked where the text entered; this is the last line
                    return ExitCodes.Failed;
                }
                output.Finished(result);
                if (!result.Completed)
                    return Interrupted;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    static TimeSpan ParseWindow(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return CallLogBackfill.DefaultWindow;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || text.All(char.IsDigit))
            throw new FormatException($"--window \"{text}\" is not a duration; write hh:mm:ss, e.g. 00:30:00.");
        if (value < MinWindow || value > MaxWindow)
            throw new FormatException($"--window {value:c} is out of range; use {MinWindow:c} to {MaxWindow:c}.");
        return value;
    }

    /// <summary>The services the verb needs; log output is kept to warnings on standard error so it does not tear the progress bar.</summary>
    static ServiceProvider BuildServices(IConfiguration configuration, CliContext context) =>
        new ServiceCollection()
            .AddCollectorCore(configuration, context.Hooks, CollectorLogging.WarningsToStandardError)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
}
