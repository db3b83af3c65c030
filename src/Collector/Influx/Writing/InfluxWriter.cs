using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Security;
using Microsoft.Extensions.Logging;
using Polly;

namespace Collector.Influx.Writing;

/// <summary>
/// Writes line protocol over HTTP to InfluxDB v1, v2 or v3 (see <see cref="InfluxOptions"/>), in
/// batches of <c>BatchSize</c> lines, with the outcome of every answer decided by <see cref="WriteStatusPolicy"/>.
/// <see cref="WriteAsync"/> retries a transient failure of a batch up to <c>MaxRetries</c> times, waiting the
/// <see cref="WriteBackoff"/> (Polly's retry strategy on the injected <see cref="TimeProvider"/>);
/// <see cref="WriteWithoutRetryAsync"/> sends each batch once. Thread-safe.
/// </summary>
internal sealed class InfluxWriter : IInfluxWriter
{
    const int SampleLength = 200;

    readonly InfluxOptions _options;
    readonly InfluxEndpoint _endpoint;
    readonly InfluxHttpTransport _transport;
    readonly ResiliencePipeline<Attempt> _retrying;
    readonly ILogger _logger;

    /// <param name="secrets">Masked in InfluxDB's error texts (null: none known).</param>
    public InfluxWriter(HttpClient http, InfluxOptions options, TimeProvider time, ILogger<InfluxWriter> logger, SecretRegistry? secrets = null)
        : this(http, options, time, logger, Random.Shared.NextDouble, secrets)
    {
    }

    /// <param name="random">Source of jitter in [0, 1); null turns the jitter off, so tests can assert exact waits.</param>
    internal InfluxWriter(HttpClient http, InfluxOptions options, TimeProvider time, ILogger<InfluxWriter> logger, Func<double>? random,
        SecretRegistry? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _endpoint = new InfluxEndpoint(options);
        _transport = new InfluxHttpTransport(http, _endpoint, options, time, secrets);
        _retrying = options.MaxRetries == 0 ? ResiliencePipeline<Attempt>.Empty : CreateRetryPipeline(options, time, random);
    }

    public InfluxWriterCounters Counters { get; } = new();

    public Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken) =>
        WriteAsync(lines, _retrying, cancellationToken);

    public Task<InfluxWriteResult> WriteWithoutRetryAsync(LineBatch lines, CancellationToken cancellationToken) =>
        WriteAsync(lines, ResiliencePipeline<Attempt>.Empty, cancellationToken);

    async Task<InfluxWriteResult> WriteAsync(LineBatch lines, ResiliencePipeline<Attempt> retries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        CountReplacements(lines);
        var tally = new Tally();
        try
        {
            for (var start = 0; start < lines.Count; start += _options.BatchSize)
                await WriteRunAsync(lines, start, Math.Min(_options.BatchSize, lines.Count - start), tally, retries, cancellationToken);
        }
        catch (InfluxWriteException)
        {
            Counters.WriteFailed();
            throw;
        }

        return new InfluxWriteResult(tally.Written, tally.Dropped, tally.Requests);
    }

    ResiliencePipeline<Attempt> CreateRetryPipeline(InfluxOptions options, TimeProvider time, Func<double>? random)
    {
        var retry = WriteBackoff.Options<Attempt>(options, random, outcome => outcome.Exception is null ? outcome.Result.Response.RetryAfter : null);
        retry.MaxRetryAttempts = options.MaxRetries;
        retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result.Decision.Action == WriteAction.Retry);
        retry.OnRetry = args =>
        {
            Counters.Retried();
            _logger.LogWarning(
                "InfluxDB write to {Target} failed ({Response}); retry {Retry} of {MaxRetries} in {Delay}",
                _endpoint.Target, args.Outcome.Result.Response.Summary, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay);
            return ValueTask.CompletedTask;
        };
        return new ResiliencePipelineBuilder<Attempt> { TimeProvider = time }.AddRetry(retry).Build();
    }

    // Writes lines [start, start + count): sends them (again, as long as the retries allow), then splits, drops or throws.
    async Task WriteRunAsync(LineBatch lines, int start, int count, Tally tally, ResiliencePipeline<Attempt> retries, CancellationToken cancellationToken)
    {
        var run = new Run();
        var attempt = await retries.ExecuteAsync(token => SendAsync(lines, start, count, tally, run, token), cancellationToken);
        switch (attempt.Decision.Action)
        {
            case WriteAction.Accept:
                Counters.BatchWritten(count);
                tally.Written += count;
                return;

            case WriteAction.Split or WriteAction.Bisect when count == 1:
                Drop(lines.LineText(start), attempt.Response);
                tally.Dropped++;
                return;

            case WriteAction.Split or WriteAction.Bisect:
                Counters.Split();
                _logger.LogDebug("InfluxDB answered {Response} to {Count} lines; sending each half on its own", attempt.Response.Summary, count);
                var half = count / 2;
                await WriteRunAsync(lines, start, half, tally, retries, cancellationToken);
                await WriteRunAsync(lines, start + half, count - half, tally, retries, cancellationToken);
                return;

            case WriteAction.Retry: // the retries are used up (or there were none)
                throw Failure(InfluxWriteFailureKind.Unavailable, attempt.Response, run.Sends - 1);

            default:
                throw Failure(attempt.Decision.FailureKind ?? InfluxWriteFailureKind.Rejected, attempt.Response, run.Sends - 1);
        }
    }

    // One send of the lines, creating the database first when InfluxDB says it is missing (and that is allowed).
    async ValueTask<Attempt> SendAsync(LineBatch lines, int start, int count, Tally tally, Run run, CancellationToken cancellationToken)
    {
        run.Sends++;
        while (true)
        {
            var response = await _transport.WriteAsync(lines.Slice(start, count), cancellationToken);
            tally.Requests++;
            var decision = WriteStatusPolicy.Decide(response, _options.ApiVersion);
            if (decision.Action != WriteAction.CreateDatabase)
                return new(response, decision);
            if (!_options.CreateDatabase || run.DatabaseCreationTried)
                return new(response, WriteDecision.Failure(InfluxWriteFailureKind.DatabaseNotFound));

            run.DatabaseCreationTried = true;
            var created = await CreateDatabaseAsync(cancellationToken);
            var creation = WriteStatusPolicy.DecideDatabaseCreation(created);
            if (creation.Action == WriteAction.Accept)
                continue; // created: send the same lines again
            run.DatabaseCreationTried = creation.Action != WriteAction.Retry; // a transient failure may try again
            return new(created, creation);
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

    // Loud once (which text is at fault is in the data: look for U+FFFD, \n, \r, \t or '/'), then quiet: a name with a
    // control character in it comes back with every rewrite.
    void CountReplacements(LineBatch lines)
    {
        if (lines.Replacements == 0)
            return;
        var first = Counters.Replaced(lines.Replacements);
        _logger.Log(first ? LogLevel.Warning : LogLevel.Debug,
            "{Count} characters that InfluxDB line protocol cannot carry (control characters, a trailing backslash, broken UTF-16) were replaced in {Lines} lines (docs/normalisation.md, \"Text line protocol cannot carry\")",
            lines.Replacements, lines.Count);
    }

    void Drop(string line, WriteResponse response)
    {
        Counters.LineDropped();
        var sample = line.Length <= SampleLength ? line : line[..SampleLength] + "…";
        _logger.LogWarning("InfluxDB rejected a line ({Response}); dropped it: {Line}", response.Summary, sample);
    }

    // Returned, not logged: the caller decides how loud a failed write is.
    InfluxWriteException Failure(InfluxWriteFailureKind kind, WriteResponse response, int retries)
    {
        var (verdict, fix) = _endpoint.Explain(kind, response, retries);
        return new(kind, _endpoint.Describe(kind, response, retries), response.Status, response.ServerMessage,
            verdict: verdict, fix: fix, retryAfter: response.RetryAfter);
    }

    /// <summary>The last answer to a batch and what it means.</summary>
    readonly record struct Attempt(WriteResponse Response, WriteDecision Decision);

    sealed class Tally
    {
        public int Written;
        public int Dropped;
        public int Requests;
    }

    // One batch's sends (the first and its retries) and whether creating the database failed for good.
    sealed class Run
    {
        public int Sends;
        public bool DatabaseCreationTried;
    }
}
