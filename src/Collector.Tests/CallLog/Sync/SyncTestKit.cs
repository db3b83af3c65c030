using Collector.CallLog.Backfill;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Influx.Reading;
using Collector.State;
using Collector.Tests.Influx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// <see cref="CallLogSync"/> and <see cref="CallLogBackfill"/> wired to an in-memory PBX, a recording writer, an
/// in-memory SQLite state store and a fake clock.
/// </summary>
sealed class SyncTestKit : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <param name="replacesStalePoints">Whether the window writer compares with stored points (as on InfluxDB 1.x; this kit's
    /// InfluxDB stores none it could read back), which lets the sync defer the ended calls' stretches.</param>
    /// <param name="rollups">The rollups the window writer marks and the backfill recomputes (none by default).</param>
    public SyncTestKit(CallLogOptions? options = null, SlaOptions? sla = null, bool replacesStalePoints = true, QueueRollups? rollups = null)
    {
        Options = options ?? new CallLogOptions();
        Pbx.ServerDate = () => Time.GetUtcNow() + PbxClockOffset;
        State = new StateStore(new StateOptions { ConnectionString = "Data Source=:memory:" }, Time);
        Quarantine = new RowQuarantine(State.Quarantine, Time, QuarantineLog);
        _logs = new PbxCallLogs(new FakeXapiClientFactory(Pbx), NullLoggerFactory.Instance, Time);
        _windowWriter = new CallLogWindowWriter(Writer, KpiSettings.From(sla ?? new SlaOptions()), replacesStalePoints ? new StoredCallPoints(new NothingStored()) : null,
            rollups: rollups);
        Sync = AnotherInstance();
        Backfill = new CallLogBackfill(_logs, _windowWriter, State.Checkpoints, Quarantine, Options, Time, NullLogger<CallLogBackfill>.Instance, rollups);
    }

    readonly PbxCallLogs _logs;
    readonly CallLogWindowWriter _windowWriter;

    /// <summary>Another collector instance on the same state database, PBX and InfluxDB (a cluster's other node), with a memory of its own.</summary>
    public CallLogSync AnotherInstance() => new(_logs, new InProgressCallsReader(Time, ReaderLog), _windowWriter,
        State.Watermarks, new SyncRunRecorder(State.Outbox, NullLogger<SyncRunRecorder>.Instance), Quarantine, Options, Time, SyncLog);

    public PbxOptions PbxOptions { get; } = new() { Name = "hq", BaseUrl = new Uri("http://127.0.0.1:1/"), ClientId = "c", ClientSecret = "s" };

    public FakeXapiClient Pbx { get; } = new();

    public RecordingWriter Writer { get; } = new();

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The PBX's clock minus this machine's (<see cref="Time"/>), as its <c>Date</c> header shows it; zero by default.</summary>
    public TimeSpan PbxClockOffset { get; set; }

    public CallLogOptions Options { get; }

    public StateStore State { get; }

    public FakeLogger<CallLogSync> SyncLog { get; } = new();

    public FakeLogger<RowQuarantine> QuarantineLog { get; } = new();

    public RowQuarantine Quarantine { get; }

    public FakeLogger<InProgressCallsReader> ReaderLog { get; } = new();

    public CallLogSync Sync { get; }

    public CallLogBackfill Backfill { get; }

    public Task<CallLogSyncResult> SyncAsync() => Sync.SyncOnceAsync(PbxOptions, CancellationToken.None);

    public Task<DateTimeOffset?> WatermarkAsync() => State.Watermarks.GetWatermarkAsync("hq", CallLogSync.Stream, CancellationToken.None);

    public Task SetWatermarkAsync(DateTimeOffset value) => State.Watermarks.SetWatermarkAsync("hq", CallLogSync.Stream, value, CancellationToken.None);

    /// <summary>Moves the PBX's clock (both the fake clock and the ServerNow of calls in progress).</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        for (var i = 0; i < Pbx.Active.Count; i++)
            Pbx.Active[i] = Pbx.Active[i] with { ServerNow = Time.GetUtcNow() + PbxClockOffset };
    }

    public async Task<List<string>> OutboxAsync() =>
        [.. (await State.Outbox.PeekAsync(int.MaxValue, long.MaxValue, CancellationToken.None)).Select(e => e.Payload)];

    public ValueTask DisposeAsync() => State.DisposeAsync();
}

/// <summary>An InfluxQL reader over an empty database: no stored call points to compare with.</summary>
sealed class NothingStored : IInfluxReader
{
    public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InfluxSeries>>([]);
}
