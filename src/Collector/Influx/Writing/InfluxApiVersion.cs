namespace Collector.Influx.Writing;

/// <summary>Which InfluxDB write API to use (configuration values <c>v1</c>, <c>v2</c>, <c>v3</c>).</summary>
public enum InfluxApiVersion
{
    /// <summary>InfluxDB 1.x: <c>POST /write?db=…&amp;precision=ns</c>, optional user and password.</summary>
    V1 = 1,

    /// <summary>InfluxDB 2.x: <c>POST /api/v2/write?org=…&amp;bucket=…&amp;precision=ns</c>, <c>Authorization: Token …</c>.</summary>
    V2 = 2,

    /// <summary>InfluxDB 3.x: <c>POST /api/v3/write_lp?db=…&amp;precision=nanosecond</c>, <c>Authorization: Bearer …</c>.</summary>
    V3 = 3,
}
