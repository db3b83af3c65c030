using Collector.Security;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Collector.Tests.Security;

public sealed class RedactingSinkTests
{
    const string Secret = "s3cr3t-client-value";
    readonly SecretRegistry _secrets = new();
    readonly Collecting _sink = new();
    readonly Logger _log;

    public RedactingSinkTests()
    {
        _secrets.Add(Secret);
        _log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new RedactingSink(_sink, _secrets)).CreateLogger();
    }

    [Fact]
    public void ASecretInAPropertyIsMaskedInThePropertyAndTheRenderedMessage()
    {
        _log.Warning("PBX {Pbx} failed: {Reason}", "hq", $"The PBX said: client_secret={Secret}");

        var e = Assert.Single(_sink.Events);
        Assert.Equal("PBX \"hq\" failed: \"The PBX said: client_secret=***\"", e.RenderMessage());
        Assert.DoesNotContain(Secret, e.Properties["Reason"].ToString());
    }

    [Fact]
    public void AHugePropertyIsCutAndTheMessageStaysWithinTheDocumentedLength()
    {
        _log.Warning("Call log: unknown {Field} value {Value}", "Status", new string('S', 100_000));

        var e = Assert.Single(_sink.Events);
        Assert.True(e.RenderMessage().Length <= LogLimits.MaxMessageLength, $"{e.RenderMessage().Length} chars");
        Assert.Contains("…[cut, 100000 chars]", e.RenderMessage());
    }

    [Fact]
    public void ManyLongPropertiesTogetherAreCutToTheMessageLength()
    {
        var big = new string('v', LogLimits.MaxPropertyLength);
        _log.Information("{A} {B} {C} {D} {E} {F}", big, big, big, big, big, big);

        Assert.True(Assert.Single(_sink.Events).RenderMessage().Length <= LogLimits.MaxMessageLength);
    }

    [Fact]
    public void AReadyMadeStringAsTheTemplateIsMaskedAndCannotForgeALine()
    {
#pragma warning disable CA2254, Serilog004 // the point: a message that is not a constant template
        _log.Error($"echo Bearer {Secret}\n[12:00:00 INF] forged");
#pragma warning restore CA2254, Serilog004

        var rendered = Assert.Single(_sink.Events).RenderMessage();
        Assert.Equal("echo Bearer *** [12:00:00 INF] forged", rendered);
    }

    [Fact]
    public void AnExceptionIsMaskedAndCutInItsMessageAndItsText()
    {
        var error = new InvalidOperationException($"body was {{\"form\":\"client_secret={Secret}\"}}" + new string('x', 20_000));

        _log.Error(error, "Something failed");

        var logged = Assert.Single(_sink.Events).Exception!;
        Assert.DoesNotContain(Secret, logged.Message);
        Assert.DoesNotContain(Secret, logged.ToString());
        Assert.True(logged.ToString().Length <= LogLimits.MaxExceptionLength);
        Assert.StartsWith("System.InvalidOperationException: body was", logged.ToString());
    }

    [Fact]
    public void AnEventWithNothingToCleanIsPassedOnAsItIs()
    {
        var e = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null,
            new Serilog.Parsing.MessageTemplateParser().Parse("Synced {Calls} calls"), [new LogEventProperty("Calls", new ScalarValue(3))]);

        Assert.Same(e, RedactingSink.Redact(e, _secrets));
    }

    sealed class Collecting : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];
        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
