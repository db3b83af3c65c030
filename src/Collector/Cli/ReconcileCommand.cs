using System.CommandLine;
using System.Globalization;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Reconcile;
using Collector.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Collector.Cli;

/// <summary>
/// <c>collector reconcile --from DATE --to DATE [--pbx NAME] [--json]</c>: compares our per-queue daily KPIs with 3CX's own
/// report functions for every finished UTC day in the range (<see cref="Reconciler"/>) and writes <c>queue_reconcile</c>.
/// Exit 0 when every KPI was compared and agrees, 3 when a KPI differs, 4 when some could not be compared (a report
/// missing, forbidden or rate-limited) and none differs, 1 on a failure or a bad argument, 2 on a configuration error.
/// </summary>
internal static class ReconcileCommand
{
    /// <summary>Exit code: at least one KPI differs from 3CX's report (written to InfluxDB and printed).</summary>
    public const int Differences = 3;

    /// <summary>Exit code: nothing differs, but some KPIs could not be compared (the warnings say why).</summary>
    public const int Incomplete = 4;

    /// <summary>The longest range one command compares.</summary>
    public const int MaxDays = 366;

    public static Command Create(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "First day to compare (yyyy-MM-dd, a UTC day).", Required = true, HelpName = "DATE" };
        var to = new Option<string>("--to") { Description = "Last day to compare (included); days not finished yet are left out.", Required = true, HelpName = "DATE" };
        var pbx = new Option<string?>("--pbx") { Description = "Only the PBX with this name (Pbxs:N:Name); default every enabled PBX.", HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per comparison, warning and PBX on standard output instead of text." };
        var command = new Command("reconcile", "Compare our per-queue daily KPIs with 3CX's own reports and write queue_reconcile.")
        {
            from, to, pbx, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(VerbAction.Create(context, async (parseResult, configuration, settings, cancellationToken) =>
        {
            var pbxs = PbxSelection.Choose(settings, parseResult.GetValue(pbx), enabledOnly: true);
            IReadOnlyList<DateOnly> days;
            try
            {
                days = Days(parseResult.GetValue(from)!, parseResult.GetValue(to)!);
            }
            catch (FormatException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return ExitCodes.Failed;
            }

            var now = context.Time.GetUtcNow();
            var settle = settings.Reconcile.SettleDelay;
            var finished = days.Where(d => ReportingDays.IsFinished(d, now, settle)).ToList();
            var output = parseResult.GetValue(json) ? ReconcileOutput.Json(context.Out) : ReconcileOutput.Text(context.Out);
            if (finished.Count < days.Count)
                output.Unfinished(days.Except(finished).ToList(), settle);
            if (finished.Count == 0)
                return ExitCodes.Failed;

            await using var services = BuildServices(configuration, context);
            await StatePreflight.VerifyAsync(services.GetRequiredService<StateStore>(), settings.State, context.Time, cancellationToken);
            var reconciler = services.GetRequiredService<Reconciler>();
            var exit = ExitCodes.Ok;
            foreach (var target in pbxs)
            {
                output.Starting(target.Name, finished);
                var result = await reconciler.RunAsync(target, finished, output.Day, cancellationToken);
                output.Finished(result);
                exit = Worse(exit, result.Error is not null || result.ResultTag == "error" ? ExitCodes.Failed
                    : result.Differences > 0 ? Differences
                    : result.ResultTag == "warning" ? Incomplete
                    : ExitCodes.Ok);
            }
            return exit;
        }));
        return command;
    }

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (both yyyy-MM-dd, UTC days); a problem is a <see cref="FormatException"/> with the line to show.</summary>
    internal static IReadOnlyList<DateOnly> Days(string from, string to)
    {
        var first = Date(from, "--from");
        var last = Date(to, "--to");
        if (last < first)
            throw new FormatException($"--to ({last:yyyy-MM-dd}) must not be before --from ({first:yyyy-MM-dd}).");
        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
            throw new FormatException($"--from {first:yyyy-MM-dd} --to {last:yyyy-MM-dd} spans {last.DayNumber - first.DayNumber + 1} days; compare at most {MaxDays} at once.");
        return ReportingDays.Between(first, last);
    }

    static DateOnly Date(string text, string option) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{option} \"{text}\" is not a date; write yyyy-MM-dd (a UTC day).");

    /// <summary>Failed beats differences beats incomplete beats ok.</summary>
    static int Worse(int a, int b)
    {
        static int Rank(int code) => code switch { ExitCodes.Failed => 3, Differences => 2, Incomplete => 1, _ => 0 };
        return Rank(a) >= Rank(b) ? a : b;
    }

    /// <summary>The services the verb needs; log output is kept to warnings on standard error.</summary>
    static ServiceProvider BuildServices(IConfiguration configuration, CliContext context) =>
        new ServiceCollection()
            .AddCollectorCore(configuration, context.Hooks, CollectorLogging.WarningsToStandardError)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
}
