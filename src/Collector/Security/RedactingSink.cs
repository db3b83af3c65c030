using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Collector.Security;

/// <summary>
/// The log's last line of defence, between the collector's loggers and every configured sink: whatever the code that
/// logged did, each event reaches the sinks with every known secret (<see cref="SecretRegistry"/>) masked and cut to
/// <see cref="LogLimits"/> — in each property (control characters replaced, at most
/// <see cref="LogLimits.MaxPropertyLength"/> characters), in the rendered message (at most
/// <see cref="LogLimits.MaxMessageLength"/>; a longer one, or a template that itself holds a secret, is replaced by
/// its masked and cut rendering) and in the exception (message and text, at most <see cref="LogLimits.MaxExceptionLength"/>).
/// Owns and disposes the sinks behind it.
/// </summary>
internal sealed class RedactingSink(ILogEventSink inner, SecretRegistry secrets) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => inner.Emit(Redact(logEvent, secrets));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>The event as the sinks may see it; the same instance when nothing needed changing.</summary>
    internal static LogEvent Redact(LogEvent logEvent, SecretRegistry secrets)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var changed = false;
        var properties = new Dictionary<string, LogEventPropertyValue>(logEvent.Properties.Count, StringComparer.Ordinal);
        foreach (var (name, value) in logEvent.Properties)
        {
            var clean = Clean(value, secrets);
            changed |= !ReferenceEquals(clean, value);
            properties[name] = clean;
        }

        var template = logEvent.MessageTemplate;
        var rendered = template.Render(properties);
        // The template is the code's own text, unless something logged a ready-made string (then that is the template).
        if (rendered.Length > LogLimits.MaxMessageLength || secrets.Reveals(template.Text) || HasUnsafeText(template))
        {
            template = new MessageTemplate([new TextToken(OutsideText.Clean(rendered, secrets, LogLimits.MaxMessageLength))]);
            changed = true;
        }

        var exception = logEvent.Exception is { } error ? RedactedException.From(error, secrets) : null;
        if (!changed && exception is null) return logEvent;
        return new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template,
            properties.Select(p => new LogEventProperty(p.Key, p.Value)), logEvent.TraceId ?? default, logEvent.SpanId ?? default);
    }

    // A line break or another control character in the template would let one event forge or break log lines.
    static bool HasUnsafeText(MessageTemplate template) => !ReferenceEquals(OutsideText.Bound(template.Text, int.MaxValue), template.Text);

    static LogEventPropertyValue Clean(LogEventPropertyValue value, SecretRegistry secrets)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
            {
                var clean = OutsideText.Clean(text, secrets, LogLimits.MaxPropertyLength);
                return ReferenceEquals(clean, text) ? value : new ScalarValue(clean);
            }
            case ScalarValue { Value: null or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong
                or float or double or decimal or DateTime or DateTimeOffset or TimeSpan or DateOnly or TimeOnly or Guid or Enum }:
                return value;
            case ScalarValue scalar:
            {
                // Another type renders through ToString(): replace it by its text only when that needs cleaning.
                var text = Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                var clean = OutsideText.Clean(text, secrets, LogLimits.MaxPropertyLength);
                return ReferenceEquals(clean, text) ? value : new ScalarValue(clean);
            }
            case SequenceValue sequence:
            {
                var elements = sequence.Elements.Select(e => Clean(e, secrets)).ToList();
                return elements.Zip(sequence.Elements).All(p => ReferenceEquals(p.First, p.Second)) ? value : new SequenceValue(elements);
            }
            case StructureValue structure:
            {
                var properties = structure.Properties.Select(p => new LogEventProperty(p.Name, Clean(p.Value, secrets))).ToList();
                return properties.Zip(structure.Properties).All(p => ReferenceEquals(p.First.Value, p.Second.Value))
                    ? value : new StructureValue(properties, structure.TypeTag);
            }
            case DictionaryValue dictionary:
            {
                var elements = dictionary.Elements
                    .Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>((ScalarValue)Clean(e.Key, secrets), Clean(e.Value, secrets)))
                    .ToList();
                return elements.Zip(dictionary.Elements).All(p => ReferenceEquals(p.First.Key, p.Second.Key) && ReferenceEquals(p.First.Value, p.Second.Value))
                    ? value : new DictionaryValue(elements);
            }
            default:
                return value;
        }
    }

    /// <summary>Stands in for a logged exception: its message and its whole text (type, message, stack) masked and cut.</summary>
    internal sealed class RedactedException : Exception
    {
        readonly string _text;

        RedactedException(string message, string text) : base(message) => _text = text;

        public static RedactedException From(Exception error, SecretRegistry secrets) => error as RedactedException ?? new(
            OutsideText.Clean(error.Message, secrets, LogLimits.MaxPropertyLength),
            OutsideText.CleanLines(error.ToString(), secrets, LogLimits.MaxExceptionLength));

        public override string? StackTrace => null;

        public override string ToString() => _text;
    }
}
