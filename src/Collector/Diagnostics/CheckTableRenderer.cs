using Spectre.Console;

namespace Collector.Diagnostics;

/// <summary>Shows a <see cref="CheckReport"/> as one table per target and a closing verdict line.</summary>
internal static class CheckTableRenderer
{
    public static void Render(CheckReport report, IAnsiConsole console)
    {
        foreach (var target in report.Targets)
        {
            var title = target.Kind == "pbx" ? $"PBX {target.Name}" : target.Name;
            var table = new Table()
                .Border(TableBorder.Rounded)
                .Title($"[bold]{Markup.Escape(title)}[/] {Markup.Escape(target.Address)}")
                .AddColumn("Step")
                .AddColumn("Result")
                .AddColumn("Verdict and fix");
            foreach (var step in target.Steps)
            {
                var text = Markup.Escape(step.Verdict);
                if (step.Fix is not null) text += $"\n[bold]Fix:[/] {Markup.Escape(step.Fix)}";
                table.AddRow(new Markup(Markup.Escape(step.Step)), new Markup(Label(step.Outcome)), new Markup(text));
            }
            console.Write(table);
            console.WriteLine();
        }
        console.MarkupLine(Summary(report));
    }

    static string Label(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "[green]pass[/]",
        CheckOutcome.Warn => "[yellow]warn[/]",
        CheckOutcome.Fail => "[red bold]FAIL[/]",
        _ => "[grey]skipped[/]",
    };

    static string Summary(CheckReport report)
    {
        var (fails, warns) = (report.Count(CheckOutcome.Fail), report.Count(CheckOutcome.Warn));
        if (fails > 0)
            return $"[red bold]{fails} failed[/], {warns} warning(s): the collector cannot work until the failures above are fixed.";
        return warns > 0
            ? $"[yellow]All checks passed with {warns} warning(s)[/]; the collector can run."
            : "[green]All checks passed[/]; the collector can run.";
    }
}
