using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Testing;

/// <summary>
/// Reading what a <see cref="FakeLogCollector"/> (Microsoft.Extensions.Diagnostics.Testing) caught: the formatted
/// messages by level and category, the message with its exception (where a secret could also leak), a dump for
/// assertion messages, and waiting for a record as an explicit signal instead of polling.
/// </summary>
public static class FakeLogs
{
    /// <summary>The formatted message followed by the exception's text (type, message, stack), if any.</summary>
    public static string Text(this FakeLogRecord record) =>
        record.Exception is null ? record.Message : $"{record.Message} {record.Exception}";

    /// <summary>Messages at <paramref name="level"/> or above whose category ends with <paramref name="category"/> (e.g. a class name).</summary>
    public static List<string> Messages(this FakeLogCollector logs, LogLevel level, string category = "") =>
        [.. logs.GetSnapshot().Where(r => r.Level >= level && (r.Category ?? "").EndsWith(category, StringComparison.Ordinal)).Select(r => r.Message)];

    /// <summary>Every record at <paramref name="atLeast"/> or above, one line each, for an assertion's message.</summary>
    public static string Dump(this FakeLogCollector logs, LogLevel atLeast = LogLevel.Information) =>
        string.Join('\n', logs.GetSnapshot().Where(r => r.Level >= atLeast).Select(r => $"{r.Level} {r.Category}: {r.Text()}"));

    /// <summary>
    /// The first record (already logged or still to come) that matches; throws <see cref="TimeoutException"/>, with
    /// what was logged, when none arrives within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<FakeLogRecord> WaitForAsync(this FakeLogCollector logs, Func<FakeLogRecord, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            // GetLogsAsync replays what was collected so far, then yields each record as it is logged.
            await foreach (var record in logs.GetLogsAsync(cancel.Token))
                if (match(record)) return record;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        throw new TimeoutException($"No matching log record within {timeout}. Logged:\n{logs.Dump(LogLevel.Trace)}");
    }
}
