using Collector.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Serilog;
using Serilog.Extensions.Logging;
using Spectre.Console;

namespace Collector.Tests.Support;

/// <summary>What a command-line run left behind: its exit code, standard output (tables or JSON) and standard error.</summary>
public sealed record CliOutcome(int ExitCode, string Out, string Error);

/// <summary>
/// Runs <c>collector</c> verbs in-process against in-memory configuration (no files, no environment variables),
/// capturing the console. Standard output and the table console share one writer, so a test sees exactly what
/// a user's terminal would.
/// </summary>
public sealed class CliRun
{
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public Action<LoggerConfiguration>? ConfigureLogging { get; init; }
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// Every log event of the runs (after the configured minimum level), rendered as Serilog renders it, with the
    /// logging class as category: to assert on, or to wait for as a signal (<see cref="FakeLogs.WaitForAsync"/>).
    /// </summary>
    public FakeLogCollector Logs { get; } = new();

    public CliRun With(string key, string? value)
    {
        Settings[key] = value;
        return this;
    }

    public CliRun WithAll(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings) Settings[key] = value;
        return this;
    }

    public Task<CliOutcome> InvokeAsync(params string[] args) => InvokeAsync(CancellationToken.None, args);

    public async Task<CliOutcome> InvokeAsync(CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var providers = new LoggerProviderCollection();
        providers.AddProvider(new FakeLoggerProvider(Logs));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });
        console.Profile.Width = 240;   // wide enough that verdicts are not wrapped mid-sentence
        var context = new CliContext
        {
            Console = console,
            Out = stdout,
            Error = stderr,
            LoadConfiguration = overrides => new ConfigurationBuilder()
                .AddInMemoryCollection(Settings)
                .AddInMemoryCollection(overrides)
                .Build(),
            Time = Time,
            ConfigureLogging = logging =>
            {
                logging.WriteTo.Providers(providers);
                ConfigureLogging?.Invoke(logging);
            },
            ConfigureServices = ConfigureServices,
        };
        var exitCode = await CollectorCommandLine.Build(context).Parse(args).InvokeAsync(cancellationToken: cancellationToken);
        AssertLogLinesWithinTheCap();
        return new CliOutcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// A guard for every test that runs a verb: no log line it caught is longer than the documented caps
    /// (<see cref="Collector.Security.LogLimits"/>), whatever the test fed the collector.
    /// </summary>
    void AssertLogLinesWithinTheCap()
    {
        foreach (var record in Logs.GetSnapshot())
        {
            if (record.Message.Length > Collector.Security.LogLimits.MaxMessageLength)
                throw new Xunit.Sdk.XunitException($"A log message of {record.Message.Length} characters, over the cap of {Collector.Security.LogLimits.MaxMessageLength}: {record.Message[..200]}…");
            if (record.Exception?.ToString() is { } text && text.Length > Collector.Security.LogLimits.MaxExceptionLength)
                throw new Xunit.Sdk.XunitException($"A logged exception of {text.Length} characters, over the cap of {Collector.Security.LogLimits.MaxExceptionLength}: {text[..200]}…");
        }
    }
}
