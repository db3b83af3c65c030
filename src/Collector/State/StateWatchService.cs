using Microsoft.Extensions.Hosting;

namespace Collector.State;

/// <summary>
/// Stops the worker when its state database is lost or corrupt (<see cref="StateHealth.Fatal"/>): going on would put the
/// watermarks and checkpoints into a file nobody can open again, and the next start would begin from scratch. Besides the
/// check every state operation makes, it looks every <see cref="CheckInterval"/> whether the SQLite file is still at its
/// path, so a deleted file is noticed even while no job runs. The worker then ends with exit code 2 and the line that
/// explains it (<see cref="Hosting.WorkerHost"/>).
/// </summary>
internal sealed class StateWatchService(StateStore store, IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    /// <summary>How often the SQLite file's presence is checked between state operations.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var health = store.Health;
        try
        {
            while (!health.Fatal.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(CheckInterval, time, stoppingToken), health.Fatal);
                stoppingToken.ThrowIfCancellationRequested();
                health.CheckFilePresent();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        // StateHealth has logged the error (critical); the worker's exit says it once more on standard error.
        lifetime.StopApplication();
    }
}
