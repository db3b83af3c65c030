using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Microsoft.Extensions.Logging;

namespace Collector.Influx.Writing;

/// <summary>
/// Writes line protocol over HTTP to InfluxDB v1, v2 or v3 (see <see cref="InfluxOptions"/>), in
/// batches of <c>BatchSize</c> lines, with the outcome of every answer decided by <see cref="WriteStatusPolicy"/>
/// and the waits by <see cref="WriteBackoff"/> on the injected <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
internal sealed class InfluxWriter : IInfluxWriter
{
    const int SampleLength = 200;

    readonly InfluxOptions _options;
    readonly InfluxEndpoint _endpoint;
    readonly InfluxHttpTransport _transport;
    readonly WriteBackoff _backoff;
    readonly TimeProvider _time;
    readonly ILogger _logger;

    public InfluxWriter(HttpClient http, InfluxOptions options, TimeProvider time, ILogger<InfluxWriter> logger)
        : this(http, options, time, logger, Random.Shared.NextDouble)
    {
    }

    /// <param name="random">Source of jitter in [0, 1); tests pass a constant to assert exact delays.</param>
    internal InfluxWriter(HttpClient http, InfluxOptions options, TimeProvider time, ILogger<InfluxWriter> logger, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(http);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _endpoint = new InfluxEndpoint(options);
        _transport = new InfluxHttpTransport(http, _endpoint, options, time);
        _backoff = new WriteBackoff(options.RetryDelay, options.MaxRetryDelay, random ?? throw new ArgumentNullException(nameof(random)));
    }

    public InfluxWriterCounters Counters { get; } = new();

    public async Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var tally = new Tally();
        try
        {
            for (var start = 0; start < lines.Count; start += _options.BatchSize)
                await WriteRunAsync(lines, start, Math.Min(_options.BatchSize, lines.Count - start), tally, cancellationToken);
        }
        catch (InfluxWriteException)
        {
            Counters.WriteFailed();
            throw;
        }

        return new InfluxWriteResult(tally.Written, tally.Dropped, tally.Requests);
    }

    // Sends lines [start, start + count) until they are written, dropped as bad, or the policy gives up.
    async Task WriteRunAsync(LineBatch lines, int start, int count, Tally tally, CancellationToken cancellationToken)
    {
        var retries = 0;
        var databaseCreationTried = false;
        while (true)
        {
            var response = await _transport.WriteAsync(lines.Slice(start, count), cancellationToken);
            tally.Requests++;
            var decision = WriteStatusPolicy.Decide(response, _options.ApiVersion);

            if (decision.Action == WriteAction.CreateDatabase)
            {
                if (!_options.CreateDatabase || databaseCreationTried)
                    throw Failure(InfluxWriteFailureKind.DatabaseNotFound, response);
                databaseCreationTried = true;
                response = await CreateDatabaseAsync(cancellationToken);
                decision = WriteStatusPolicy.DecideDatabaseCreation(response);
                if (decision.Action == WriteAction.Accept)
                    continue; // created: send the same lines again
                databaseCreationTried = decision.Action != WriteAction.Retry;
            }

            switch (decision.Action)
            {
                case WriteAction.Accept:
                    Counters.BatchWritten(count);
                    tally.Written += count;
                    return;

                case WriteAction.Split or WriteAction.Bisect when count == 1:
                    Drop(lines.LineText(start), response);
                    tally.Dropped++;
                    return;

                case WriteAction.Split or WriteAction.Bisect:
                    Counters.Split();
                    _logger.LogDebug("InfluxDB answered {Response} to {Count} lines; sending each half on its own", response.Summary, count);
                    var half = count / 2;
                    await WriteRunAsync(lines, start, half, tally, cancellationToken);
                    await WriteRunAsync(lines, start + half, count - half, tally, cancellationToken);
                    return;

                case WriteAction.Retry:
                    if (++retries > _options.MaxRetries)
                        throw Failure(InfluxWriteFailureKind.Unavailable, response);
                    var delay = _backoff.DelayBefore(retries, response.RetryAfter);
                    Counters.Retried();
                    _logger.LogWarning(
                        "InfluxDB write to {Target} failed ({Response}); retry {Retry} of {MaxRetries} in {Delay}",
                        _endpoint.Target, response.Summary, retries, _options.MaxRetries, delay);
                    await Task.Delay(delay, _time, cancellationToken);
                    continue;

                default:
                    throw Failure(decision.FailureKind ?? InfluxWriteFailureKind.Rejected, response);
            }
        }
    }

    async Task<WriteResponse> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = _options.Database!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var response = await _transport.QueryAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        if (response.Status is >= 200 and < 300)
        {
            Counters.DatabaseCreated();
            _logger.LogInformation("Created InfluxDB database {Database} at {Url}", _options.Database, _endpoint.DisplayUrl);
        }
        else
        {
            _logger.LogWarning("Could not create InfluxDB database {Database} at {Url}: {Response}", _options.Database, _endpoint.DisplayUrl, response.Summary);
        }

        return response;
    }

    void Drop(string line, WriteResponse response)
    {
        Counters.LineDropped();
        var sample = line.Length <= SampleLength ? line : line[..SampleLength] + "…";
        _logger.LogWarning("InfluxDB rejected a line ({Response}); dropped it: {Line}", response.Summary, sample);
    }

    // Returned, not logged: the caller decides how loud a failed write is.
    InfluxWriteException Failure(InfluxWriteFailureKind kind, WriteResponse response)
    {
        var (verdict, fix) = _endpoint.Explain(kind, response);
        return new(kind, _endpoint.Describe(kind, response), response.Status, response.ServerMessage, verdict: verdict, fix: fix);
    }

    sealed class Tally
    {
        public int Written;
        public int Dropped;
        public int Requests;
    }
}
