namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Cold start without a standing crowd of threads. A fresh gateway put under load the moment it is ready compiles its
/// hot paths and waits on Redis for its first keys while the thread pool adds workers one at a time; with the runtime's
/// minimum (one worker per core) it answered some of those first requests with errors, with 32 none (BENCHMARKS.md,
/// "Cold start: what was tried"). A minimum of 32 kept for good, though, keeps about 32 workers awake under load, each
/// spinning for work between requests: three times plain YARP's p99 at the same throughput (BENCHMARKS.md, "Fifth
/// pass"). So the minimum is raised to <see cref="WarmWorkers"/> from start for <see cref="WarmUp"/>, then set back to
/// what it was.
/// </summary>
/// <remarks>
/// An operator's own minimum is left alone: one set with <c>DOTNET_ThreadPool_ForceMinWorkerThreads</c> or the runtime
/// configuration's <c>System.Threading.ThreadPool.MinThreads</c> the runtime will not change, and one of at least
/// <see cref="WarmWorkers"/> needs no raising.
/// </remarks>
internal sealed partial class ThreadPoolWarmUp(TimeProvider timeProvider, ILogger<ThreadPoolWarmUp> logger) : IHostedService, IDisposable
{
    /// <summary>Worker threads the pool may start without delay during the warm-up.</summary>
    internal const int WarmWorkers = 32;

    /// <summary>How long after start the raised minimum lasts: the cold start's first seconds, with room to spare.</summary>
    internal static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private ITimer? _timer;
    private (int Workers, int CompletionPorts)? _raisedFrom;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers >= WarmWorkers)
        {
            return Task.CompletedTask;
        }
        lock (_gate)
        {
            if (!ThreadPool.SetMinThreads(WarmWorkers, completionPorts))
            {
                return Task.CompletedTask;
            }
            _raisedFrom = (workers, completionPorts);
            _timer = timeProvider.CreateTimer(static s => ((ThreadPoolWarmUp)s!).Restore(), this, WarmUp, Timeout.InfiniteTimeSpan);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Restore();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
        }
    }

    private void Restore()
    {
        lock (_gate)
        {
            if (_raisedFrom is not { } before)
            {
                return;
            }
            _raisedFrom = null;
            ThreadPool.SetMinThreads(before.Workers, before.CompletionPorts);
            // A lower minimum leaves the pool's goal where the raised one put it (32 workers), and hill climbing brought
            // it down only now and then: setting the maximum to the minimum for a moment sets the goal there, and from
            // there the pool adds workers as the load needs them, as it does from the start without a warm-up.
            ThreadPool.GetMaxThreads(out var maxWorkers, out var maxCompletionPorts);
            if (ThreadPool.SetMaxThreads(before.Workers, maxCompletionPorts))
            {
                ThreadPool.SetMaxThreads(maxWorkers, maxCompletionPorts);
            }
            LogRestored(logger, before.Workers);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warm-up over: the thread pool's minimum is back to {Workers} workers.")]
    private static partial void LogRestored(ILogger logger, int workers);
}
