using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.Live.Support;

/// <summary>A logger provider that keeps every message of every category (formatted), for tests to read.</summary>
public sealed class LogCollector : ILoggerProvider
{
    readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    /// <summary>Messages at <paramref name="level"/> or above whose category ends with <paramref name="category"/>.</summary>
    public List<string> At(LogLevel level, string category) =>
        [.. _entries.Where(e => e.Level >= level && e.Category.EndsWith(category, StringComparison.Ordinal)).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
