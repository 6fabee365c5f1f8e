using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Billing;
using Tollgate.Core.Accounts;
using Tollgate.Core.Billing.Stripe;

namespace Tollgate.Core.Billing.Metering;

/// <summary>
/// One pass of overage metering: for every account that owes units, seal them into a batch (<see cref="OverageLedger.SealAsync"/>),
/// send the batch to Stripe as one billing meter event whose <c>identifier</c> (and idempotency key) is the batch id, and close the
/// batch only once Stripe has answered 2xx. A pass killed between the send and the close leaves the batch open, and the next pass (in
/// this process or any other) sends it again under the same identifier, which Stripe counts once: each unit is billed exactly once.
/// </summary>
internal sealed partial class OverageReporter(
    OverageLedger ledger,
    IAccountStore accounts,
    StripeClient client,
    IOptions<BillingOptions> options,
    TimeProvider timeProvider,
    ILogger<OverageReporter> logger)
{
    /// <summary>Reports every account's owed units; stops at the first sign of a Stripe outage (the next pass retries).</summary>
    /// <returns>Batches Stripe took in this pass.</returns>
    public async Task<int> ReportAllAsync(CancellationToken cancellationToken)
    {
        var reported = 0;
        await foreach (var accountId in ledger.OwingAccountsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await ReportAsync(accountId, cancellationToken).ConfigureAwait(false))
                {
                    reported++;
                }
            }
            catch (Exception e) when (StripeBillingProvider.IsOutage(e, cancellationToken))
            {
                Log.StripeUnavailable(logger, accountId, e);
                break;
            }
            catch (StripeException e)
            {
                // Stripe refused this account's event (e.g. its customer is gone): the batch stays open for an operator; others go on.
                Log.Refused(logger, accountId, e.StripeError?.Code, e);
            }
        }
        return reported;
    }

    private async Task<bool> ReportAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account?.Billing.StripeCustomerId is not { } customer)
        {
            // Nobody to bill (an account an admin moved onto a billed tier without Stripe): the units wait, counted, for a customer.
            Log.NoCustomer(logger, accountId);
            return false;
        }
        if (await ledger.SealAsync(accountId).ConfigureAwait(false) is not { } batch)
        {
            return false;
        }
        await new MeterEventService(client).CreateAsync(new MeterEventCreateOptions
        {
            EventName = options.Value.Stripe.MeterEventName,
            Identifier = batch.Id,
            Payload = new Dictionary<string, string>
            {
                ["stripe_customer_id"] = customer,
                ["value"] = batch.Units.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        }, new RequestOptions { IdempotencyKey = batch.Id }, cancellationToken).ConfigureAwait(false);

        var periodStart = BillingPeriods.StartOf(account.Billing.CycleAnchor ?? account.CreatedAt, timeProvider.GetUtcNow());
        if (await ledger.ClearAsync(batch, periodStart).ConfigureAwait(false))
        {
            Log.Reported(logger, accountId, batch.Units, batch.Id);
        }
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Reported {Units} overage units of account {AccountId} to Stripe (batch {BatchId}).")]
        public static partial void Reported(ILogger logger, string accountId, long units, string batchId);

        [LoggerMessage(2, LogLevel.Warning, "Stripe did not take the overage of account {AccountId}; the batch stays open and is sent again next time.")]
        public static partial void StripeUnavailable(ILogger logger, string accountId, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "Stripe refused the overage meter event of account {AccountId} ({StripeCode}); the batch stays open.")]
        public static partial void Refused(ILogger logger, string accountId, string? stripeCode, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "Account {AccountId} has overage units but no Stripe customer; they stay pending.")]
        public static partial void NoCustomer(ILogger logger, string accountId);
    }
}
