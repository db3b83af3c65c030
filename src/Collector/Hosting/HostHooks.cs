using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace Collector.Hosting;

/// <summary>
/// What the caller of the composition root may change: the clock, extra logging (tests add a sink) and extra services
/// (tests replace parts). The command line passes its own; hosting knows nothing of the command line.
/// </summary>
internal sealed record HostHooks
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Extra sinks after the configured ones (behind the same <see cref="Security.RedactingSink"/>: tests read what a user's log would show).</summary>
    public Action<LoggerConfiguration>? ConfigureLogging { get; init; }

    /// <summary>Extra services, applied last.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
