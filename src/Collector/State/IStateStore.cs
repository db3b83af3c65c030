namespace Collector.State;

/// <summary>
/// The collector's durable state in one database (SQLite by default, PostgreSQL for a cluster):
/// call-log watermarks, backfill checkpoints and the outbox of points not yet in InfluxDB.
/// </summary>
internal interface IStateStore
{
    IWatermarkStore Watermarks { get; }

    IBackfillCheckpointStore Checkpoints { get; }

    IOutbox Outbox { get; }
}
