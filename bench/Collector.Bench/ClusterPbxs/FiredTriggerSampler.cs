using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Collector.Bench.ClusterPbxs;

/// <summary>
/// Samples Quartz's <c>qrtz_fired_triggers</c> (a row per firing a node has acquired or is executing, deleted when the
/// run ends) every <see cref="Interval"/>: every firing seen (its unique <c>entry_id</c>, the node, the trigger's group and
/// name, when it was first seen, whether it was seen executing), and every moment a job was seen executing on two nodes at once. A run that starts
/// and ends between two samples is not seen executing, so the runs counted per node are a lower bound (the benchmark
/// prints them beside the run points InfluxDB received).
/// </summary>
sealed class FiredTriggerSampler
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    readonly ConcurrentDictionary<string, Firing> _firings = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> _overlaps = new();
    readonly Stopwatch _clock;
    int _samples;

    public FiredTriggerSampler(Stopwatch clock) => _clock = clock;

    public int Samples => _samples;

    public IReadOnlyCollection<string> Overlaps => _overlaps;

    /// <summary>Samples until cancelled (waiting while Quartz's tables do not exist yet).</summary>
    public async Task RunAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using (var command = new NpgsqlCommand(
                    "SELECT entry_id, instance_name, trigger_group, trigger_name, state, job_group, job_name FROM qrtz_fired_triggers", connection))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    var now = _clock.Elapsed;
                    var executing = new List<(string Job, string Node)>();
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var isExecuting = reader.GetString(4) == "EXECUTING";
                        var firing = _firings.AddOrUpdate(reader.GetString(0),
                            static (_, seen) => seen,
                            static (_, known, seen) => seen.Executing ? known with { Executing = true } : known,
                            new Firing(reader.GetString(1), reader.GetString(2), reader.GetString(3), now, isExecuting));
                        // The job's key is null while a firing is only acquired; executing, it names the job.
                        if (isExecuting && !reader.IsDBNull(6)) executing.Add(($"{reader.GetString(5)}.{reader.GetString(6)}", firing.Node));
                    }
                    foreach (var job in executing.GroupBy(e => e.Job).Where(g => g.Select(e => e.Node).Distinct().Count() > 1))
                        _overlaps.Enqueue($"{job.Key} on {string.Join(" and ", job.Select(e => e.Node).Distinct())} at {now.TotalSeconds:F1} s");
                }
                Interlocked.Increment(ref _samples);
                await Task.Delay(Interval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                await Task.Delay(Interval, CancellationToken.None);   // Quartz has not created its tables yet
            }
        }
    }

    /// <summary>The firings first seen in [<paramref name="from"/>, <paramref name="to"/>) of the benchmark's clock.</summary>
    public IReadOnlyList<Firing> Between(TimeSpan from, TimeSpan to) =>
        [.. _firings.Values.Where(f => f.SeenAt >= from && f.SeenAt < to)];

    /// <summary>
    /// A firing: the node that claimed it, the trigger's group (the job's kind: live, calllog, reconcile) and name, when
    /// first seen, and whether it was seen executing (an acquired firing can also be released unrun: the node found the
    /// job running elsewhere, or an earlier trigger came first).
    /// </summary>
    public sealed record Firing(string Node, string Group, string Trigger, TimeSpan SeenAt, bool Executing);
}
