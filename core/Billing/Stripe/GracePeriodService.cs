using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Accounts;
using Tollgate.Core.Hosting;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Billing.Stripe;

/// <summary>
/// Moves accounts whose payment grace period has ended (<c>invoice.payment_failed</c> + <see cref="BillingOptions.GraceDays"/>) to the free
/// tier, disabling the keys it has no room for. Runs on every gateway on the service clock (<see cref="TimeProvider"/>); the write is
/// conditional on the grace period having ended and still running, so instances racing each other change the account once.
/// </summary>
internal sealed partial class GracePeriodService(
    AccountBillingWriter writer,
    IAccountStore accounts,
    TierCatalog catalog,
    IOptions<BillingOptions> options,
    TimeProvider timeProvider,
    ILogger<GracePeriodService> logger) : PeriodicBackgroundService(timeProvider)
{
    private const int Batch = 100;

    protected override bool IsEnabled => options.Value.Provider == BillingProviderKind.Stripe;

    /// <summary>How often ended grace periods are looked for: a downgrade comes at most this late.</summary>
    protected override TimeSpan Period { get; } = TimeSpan.FromSeconds(30);

    protected override Task RunPassAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    // Redis away or a bad entry: the next tick tries again.
    protected override void PassFailed(Exception exception) => Log.SweepFailed(logger, exception);

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var free = catalog.Ordered.FirstOrDefault(t => t.PriceMonthly <= 0) ?? catalog.Ordered[0];
        foreach (var accountId in await writer.DueGracePeriodsAsync(Clock.GetUtcNow(), Batch, cancellationToken).ConfigureAwait(false))
        {
            var result = await writer.ApplyAsync(accountId,
                new BillingChange { Tier = free.Name, OnlyIfGraceEnded = true, ClearGrace = true }, cancellationToken).ConfigureAwait(false);
            if (result.Status == BillingWriteStatus.Applied)
            {
                Log.Downgraded(logger, accountId, free.Name, result.KeysDisabled);
                continue;
            }
            // Paid meanwhile, or the index is behind the account: the account hash says what is true.
            var account = await accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
            await writer.ReindexGraceAsync(accountId, account?.Billing.GraceEndsAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Payment grace period of account {AccountId} ended: moved to {Tier}, {Disabled} keys disabled.")]
        public static partial void Downgraded(ILogger logger, string accountId, string tier, int disabled);

        [LoggerMessage(2, LogLevel.Warning, "Looking for ended payment grace periods failed; trying again at the next tick.")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
