using System.Net;
using System.Text;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Syntax;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>
/// Makes the page Grafana serves for the alert rules' runbook links: docs/alerts.md rendered as one HTML file
/// (<see cref="Served"/>), its headings with GitHub's anchors as ids, so <c>alerts.html#calls-waiting</c> opens at the
/// runbook in a browser (Grafana serves a .md file as raw text, where #anchors lead nowhere). The committed page is
/// checked against docs/alerts.md by <see cref="RunbookPageTests"/>, which rewrites it when
/// <see cref="UpdateVariable"/> is set.
/// </summary>
public static class RunbookPage
{
    public const string Source = "docs/alerts.md";
    public const string Served = "grafana/runbooks/alerts.html";

    /// <summary>Where Grafana's container serves <see cref="Served"/> (docker-compose.yml mounts it there).</summary>
    public const string GrafanaPath = "/usr/share/grafana/public/runbooks/alerts.html";

    /// <summary>The rules' link to a runbook section: Grafana's address, then the page under its public folder.</summary>
    public const string LinkPrefix = "{{ externalURL }}public/runbooks/alerts.html#";

    /// <summary>Set to 1 to write the page from docs/alerts.md instead of comparing them.</summary>
    public const string UpdateVariable = "UPDATE_RUNBOOK_PAGE";

    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    /// <summary>The whole page for <paramref name="markdown"/>, with '\n' line ends.</summary>
    public static string Render(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown.ReplaceLineEndings("\n"), Pipeline);
        var title = document.Descendants<HeadingBlock>().FirstOrDefault(h => h.Level == 1)?.Inline?.FirstChild?.ToString()
                    ?? "Alert runbooks";
        var body = document.ToHtml(Pipeline).ReplaceLineEndings("\n");

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n");
        page.Append("<!-- Made from ").Append(Source).Append(" by the tests (RunbookPage): do not edit. After editing ").Append(Source)
            .Append(", run\n     ").Append(UpdateVariable).Append("=1 dotnet test Collector.sln --filter RunbookPage -->\n");
        page.Append("<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        page.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        page.Append(body);
        page.Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Readable in a browser, light or dark; the section a link opened at is marked.</summary>
    const string Style = """
        :root { color-scheme: light dark; }
        body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; padding: 1rem; }
        main { max-width: 60rem; margin: 0 auto; }
        h1, h2, h3 { line-height: 1.25; }
        h3 { margin-top: 2rem; padding: 0.25rem 0.5rem; border-left: 4px solid #888; }
        h3:target { border-left-color: #f2495c; background: rgba(242, 73, 92, 0.12); }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em;
               background: rgba(128, 128, 128, 0.15); padding: 0.1em 0.3em; border-radius: 3px; }
        table { border-collapse: collapse; display: block; overflow-x: auto; }
        th, td { border: 1px solid rgba(128, 128, 128, 0.5); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }

        """;
}
