using Microsoft.Extensions.Hosting;

namespace Tollgate.Core.Hosting;

/// <summary>
/// A background service that runs one pass at start and one every <see cref="Period"/> on the service clock until the
/// host stops. A failed pass goes to <see cref="PassFailed"/> and the next tick tries again. Cancellation ends it quietly,
/// also when the host disposes it without a stop after a failed start, which the host would otherwise log as a failed
/// service and, at Critical, as stopping the host (dotnet/runtime#98935).
/// </summary>
/// <param name="clock">The service clock the ticks follow.</param>
internal abstract class PeriodicBackgroundService(TimeProvider clock) : BackgroundService
{
    /// <summary>The service clock (<see cref="TimeProvider"/>).</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>False: the service does nothing in this configuration.</summary>
    protected abstract bool IsEnabled { get; }

    /// <summary>The time between the starts of two passes.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>One pass.</summary>
    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Reports a pass that failed; the next tick tries again.</summary>
    protected abstract void PassFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(Period, Clock);
        try
        {
            do
            {
                try
                {
                    await RunPassAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    PassFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
