namespace Collector.Influx.LineProtocol;

/// <summary>A point that line protocol cannot express (for example one without fields).</summary>
internal sealed class LineProtocolException(string message) : Exception(message);
