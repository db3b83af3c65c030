using System.Text;

namespace Collector.Testing.Faults;

/// <summary>
/// Measures what a process wrote (standard output and error together): bytes, lines, the longest line, how often a
/// secret appeared and how many unhandled exceptions were reported. Keeps the last lines for a failure's message.
/// Thread-safe: both streams report here from their own threads.
/// </summary>
public sealed class OutputMeter(IReadOnlyList<string> secrets)
{
    const int TailLines = 30;
    readonly Lock _lock = new();
    readonly Queue<string> _tail = new();

    public long Bytes { get; private set; }
    public long Lines { get; private set; }
    public int LongestLine { get; private set; }
    public int SecretHits { get; private set; }
    public int UnhandledExceptions { get; private set; }

    /// <summary>The last lines seen, oldest first.</summary>
    public string Tail { get { lock (_lock) return string.Join('\n', _tail); } }

    public void Note(string line)
    {
        lock (_lock)
        {
            Bytes += Encoding.UTF8.GetByteCount(line) + 1;
            Lines++;
            LongestLine = Math.Max(LongestLine, line.Length);
            foreach (var secret in secrets)
                SecretHits += Occurrences(line, secret);
            if (line.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase)) UnhandledExceptions++;
            _tail.Enqueue(line.Length > 400 ? line[..400] + "…" : line);
            if (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    static int Occurrences(string text, string value)
    {
        if (value.Length == 0) return 0;
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
