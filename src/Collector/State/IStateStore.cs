namespace Collector.State;

/// <summary>
/// The collector's durable state in one database (SQLite by default, PostgreSQL for a cluster):
/// call-log watermarks, backfill checkpoints, the outbox of points not yet in InfluxDB and the quarantined call-log rows.
/// </summary>
internal interface IStateStore
{
    IWatermarkStore Watermarks { get; }

    IBackfillCheckpointStore Checkpoints { get; }

    IOutbox Outbox { get; }

    IQuarantineStore Quarantine { get; }
}
