using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.Core.Billing.Metering;

/// <summary>
/// Reports overage units to Stripe every <see cref="BillingOptions.MeteringIntervalSeconds"/> (<see cref="OverageReporter"/>). Runs on
/// every gateway when the provider is Stripe: instances racing each other send the same open batch under the same identifier, and
/// only the batch named is ever closed, so running it twice bills nothing twice.
/// </summary>
internal sealed partial class OverageMeteringService(
    OverageReporter reporter, IOptions<BillingOptions> options, TimeProvider timeProvider, ILogger<OverageMeteringService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != BillingProviderKind.Stripe)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.MeteringIntervalSeconds), timeProvider);
        try
        {
            do
            {
                try
                {
                    await reporter.ReportAllAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Redis away: every batch is where it was; the next tick tries again.
                    Log.PassFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. Ended here, not in the host: a host disposed after a failed start logs a canceled service as failed (dotnet/runtime#98935).
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Overage metering pass failed; trying again at the next tick.")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
