using Collector.Configuration;
using Collector.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Spectre.Console;

namespace Collector.Cli;

/// <summary>
/// What the commands talk to: the console, the configuration sources and the clock. <see cref="ForConsole"/> is the
/// real process; tests build one with a captured console and in-memory configuration and run the verbs in-process.
/// </summary>
internal sealed class CliContext
{
    Lazy<IAnsiConsole> _console = new(() => throw new InvalidOperationException("This context was given no console."));

    /// <summary>Tables and human-readable output; the real one is made when first used (a verb that writes JSON never pays for it).</summary>
    public IAnsiConsole Console { get => _console.Value; init => _console = new(value); }

    /// <summary>Standard output for machine-readable output (<c>check --json</c>).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: the one-line configuration and usage errors.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Builds the configuration from the command-line overrides (the real one adds files and environment).</summary>
    public Func<IReadOnlyDictionary<string, string?>, IConfiguration> LoadConfiguration { get; init; } = CollectorConfiguration.Build;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Extra logging setup after the configured one (tests add a sink to read the log).</summary>
    public Action<LoggerConfiguration>? ConfigureLogging { get; init; }

    /// <summary>Extra services for the worker host and the check (tests may replace parts).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>What the composition root takes from the command line: the clock and the tests' extra logging and services.</summary>
    public HostHooks Hooks => new() { Time = Time, ConfigureLogging = ConfigureLogging, ConfigureServices = ConfigureServices };

    public static CliContext ForConsole() => new()
    {
        _console = new(() => AnsiConsole.Console),
        Out = System.Console.Out,
        Error = System.Console.Error,
    };
}
