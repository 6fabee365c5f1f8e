using Microsoft.Extensions.Time.Testing;
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

    private readonly FakeTimeProvider _time = new(Created.AddDays(3));
    private readonly TierCatalog _catalog;
    private readonly AccountTiers _tiers;

    public AccountTiersTests()
    {
        _catalog = TierCatalog.From(Catalogue(proPerHour: 600));
        _tiers = new AccountTiers(_catalog, _time);
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

    [Test]
    public void TryGet_BillingPeriodTier_SteadyRequestsOfAnAccount_AllocateNothing()
    {
        var account = new AccountRecord("acc_1", "a@example.test", "pro", Created)
        {
            LimitOverride = new LimitOverride(PerHour: 900, null, null, null, null, ExpiresAt: Created.AddDays(30)),
        };
        Assume.That(_tiers.TryGet(account, out var first) && first.Limits.PerHour == 900, "the override applies");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            _tiers.TryGet(account, out _);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero, "a request of an account seen before allocates no tier or limits");
    }

    [Test]
    public void TryGet_BillingPeriodTier_FollowsTheCatalogueTheOverrideAndTheAnchorAtTheNextCall()
    {
        var account = new AccountRecord("acc_1", "a@example.test", "pro", Created);
        var limited = account with { LimitOverride = new LimitOverride(PerHour: 900, null, null, null, null, ExpiresAt: _time.GetUtcNow().AddHours(1)) };
        var subscribed = limited with { Billing = AccountBilling.None with { CycleAnchor = StripeAnchor } };

        var hourly = new List<long?>();
        var anchors = new List<DateTimeOffset?>();
        void Read(AccountRecord record)
        {
            var tier = _tiers.TryGet(record, out var found) ? found : null;
            hourly.Add(tier?.Limits.PerHour);
            anchors.Add(tier?.Limits.PeriodAnchor);
        }

        Read(account);
        Read(limited);
        Read(subscribed);
        _catalog.Replace(Catalogue(proPerHour: 700));
        Read(account);
        _time.Advance(TimeSpan.FromHours(2));
        Read(subscribed);

        Assert.Multiple(() =>
        {
            Assert.That(hourly, Is.EqualTo(new long?[] { 600, 900, 900, 700, 700 }),
                "the tier's, the override's, still the override's, the reloaded tier's, the tier's once the override has expired");
            Assert.That(anchors, Is.EqualTo(new DateTimeOffset?[] { Created, Created, StripeAnchor, Created, StripeAnchor }));
        });
    }

    private static TierCatalogOptions Catalogue(long proPerHour)
    {
        var options = TestConfiguration.DefaultTiers();
        options["pro"].MonthlyWindow = "BillingPeriod";
        options["pro"].RequestsPerHour = proPerHour;
        return options;
    }
}
