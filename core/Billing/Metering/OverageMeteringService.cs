using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Hosting;

namespace Tollgate.Core.Billing.Metering;

/// <summary>
/// Reports overage units to Stripe every <see cref="BillingOptions.MeteringIntervalSeconds"/> (<see cref="OverageReporter"/>). Runs on
/// every gateway when the provider is Stripe: instances racing each other send the same open batch under the same identifier, and
/// only the batch named is ever closed, so running it twice bills nothing twice.
/// </summary>
internal sealed partial class OverageMeteringService(
    OverageReporter reporter, IOptions<BillingOptions> options, TimeProvider timeProvider, ILogger<OverageMeteringService> logger)
    : PeriodicBackgroundService(timeProvider)
{
    protected override bool IsEnabled => options.Value.Provider == BillingProviderKind.Stripe;

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.MeteringIntervalSeconds);

    protected override Task RunPassAsync(CancellationToken cancellationToken) => reporter.ReportAllAsync(cancellationToken);

    // Redis away: every batch is where it was; the next tick tries again.
    protected override void PassFailed(Exception exception) => Log.PassFailed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Overage metering pass failed; trying again at the next tick.")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
