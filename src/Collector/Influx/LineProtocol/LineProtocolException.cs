namespace Collector.Influx.LineProtocol;

/// <summary>A point that line protocol cannot express (for example one without fields).</summary>
public sealed class LineProtocolException(string message) : Exception(message);
