using Tollgate.Core.Accounts;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.UnitTests.Accounts;

public sealed class LimitOverrideTests
{
    [Test]
    public void ApplyTo_OwnHourlyLimit_KeepsTheTiersBurstWindowAlertsAndOverageTerms()
    {
        var limits = new TierLimits(600, 10_000, 250_000)
        {
            PerSecond = 20,
            UsageAlerts = [50, 90],
            Overage = OverageMode.Bill,
            OverageCap = 1_000,
        };
        var pro = new Tier("pro", "Pro", 29, limits, 10, ["current"], 1) { OverageUnitPrice = 2.5m };

        var applied = new LimitOverride(5_000, null, null, null, null, null).ApplyTo(pro);

        Assert.Multiple(() =>
        {
            Assert.That(applied.Limits.PerHour, Is.EqualTo(5_000));
            Assert.That(applied.Limits.PerDay, Is.EqualTo(10_000));
            Assert.That(applied.Limits.PerSecond, Is.EqualTo(20), "an account with its own hour keeps the tier's burst limit");
            Assert.That(applied.Limits.Windows, Does.Contain(LimitWindow.Second));
            Assert.That(applied.Limits.UsageAlerts, Is.EqualTo(new[] { 50, 90 }));
            Assert.That(applied.Limits.BillsOverage, Is.True, "and still bills overage, up to the tier's cap");
            Assert.That(applied.Limits.OverageCap, Is.EqualTo(1_000));
            Assert.That(applied.OverageUnitPrice, Is.EqualTo(2.5m));
        });
    }
}
