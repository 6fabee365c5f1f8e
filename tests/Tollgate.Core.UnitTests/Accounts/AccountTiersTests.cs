using Tollgate.Core.Accounts;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Testing;

namespace Tollgate.Core.UnitTests.Accounts;

/// <summary>The period anchor every side reads with an account's limits, for a tier whose month is the billing period.</summary>
public sealed class AccountTiersTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset StripeAnchor = new(2026, 1, 15, 9, 12, 0, TimeSpan.Zero);

    private readonly AccountTiers _tiers;

    public AccountTiersTests()
    {
        var options = TestConfiguration.DefaultTiers();
        options["pro"].MonthlyWindow = "BillingPeriod";
        _tiers = new AccountTiers(TierCatalog.From(options), TimeProvider.System);
    }

    [Test]
    public void TryGet_BillingPeriodTier_AnchorIsStripesCycleAnchor_ElseTheAccountsCreation()
    {
        var account = new AccountRecord("acc_1", "a@example.test", "pro", Created);
        var subscribed = account with { Billing = AccountBilling.None with { CycleAnchor = StripeAnchor } };

        Assert.Multiple(() =>
        {
            Assert.That(_tiers.TryGet(account, out var own) ? own.Limits.PeriodAnchor : null, Is.EqualTo(Created));
            Assert.That(_tiers.TryGet(subscribed, out var paid) ? paid.Limits.PeriodAnchor : null, Is.EqualTo(StripeAnchor));
            Assert.That(paid!.Limits.Windows[^1], Is.EqualTo(LimitWindow.BillingPeriod));
        });
    }

    [Test]
    public void TryGet_SlidingTier_HasNoAnchor()
    {
        var account = new AccountRecord("acc_1", "a@example.test", "free", Created);

        Assert.That(_tiers.TryGet(account, out var free) ? free.Limits : null, Has.Property(nameof(TierLimits.PeriodAnchor)).Null
            .And.Property(nameof(TierLimits.MonthlyWindow)).EqualTo(MonthlyWindow.Sliding30Days));
    }
}
