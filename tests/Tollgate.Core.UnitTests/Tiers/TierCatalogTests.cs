using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Testing;

namespace Tollgate.Core.UnitTests.Tiers;

public sealed class TierCatalogTests
{
    [Test]
    public void From_ConfigurationKeysInAlphabeticalOrder_OrdersTiersCheapToDear()
    {
        var configuration = TestConfiguration.Build();
        var options = TierCatalogOptionsValidatorTests.Bind(configuration);
        Assert.That(options.Keys, Is.EqualTo(new[] { "business", "enterprise", "free", "pro" }), "precondition: configuration sorts keys");

        var catalog = TierCatalog.From(options);

        Assert.Multiple(() =>
        {
            Assert.That(catalog.Ordered.Select(t => t.Name), Is.EqualTo(new[] { "free", "pro", "business", "enterprise" }));
            Assert.That(catalog.Ordered.Select(t => t.Rank), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        });
    }

    [Test]
    public void From_DefaultCatalogue_CarriesLimitsPricesAndFeatures()
    {
        var catalog = TierCatalog.From(TestConfiguration.DefaultTiers());

        Assert.That(catalog.TryGet("business", out var business), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(business!.Limits, Is.EqualTo(new TierLimits(3_000, 50_000, 1_000_000)));
            Assert.That(business.PriceMonthly, Is.EqualTo(99m));
            Assert.That(business.MaxKeys, Is.EqualTo(50));
            Assert.That(business.DisplayName, Is.EqualTo("Business"));
            Assert.That(business.HasFeature("historical"), Is.True);
            Assert.That(business.HasFeature("bulk"), Is.False);
        });
    }

    [Test]
    public void From_SamePrice_OrdersByHourlyLimitThenName()
    {
        var tiers = new TierCatalogOptions
        {
            ["zeta"] = new() { DisplayName = "Z", RequestsPerHour = 10, RequestsPerDay = 10, RequestsPerMonth = 10, MaxKeys = 1 },
            ["beta"] = new() { DisplayName = "B", RequestsPerHour = 20, RequestsPerDay = 20, RequestsPerMonth = 20, MaxKeys = 1 },
            ["alpha"] = new() { DisplayName = "A", RequestsPerHour = 20, RequestsPerDay = 20, RequestsPerMonth = 20, MaxKeys = 1 },
        };

        Assert.That(TierCatalog.From(tiers).Ordered.Select(t => t.Name), Is.EqualTo(new[] { "zeta", "alpha", "beta" }));
    }

    [TestCase("forecast-hourly", "pro")]
    [TestCase("historical", "business")]
    [TestCase("bulk", "enterprise")]
    [TestCase("current", "free")]
    public void LowestTierWith_KnownFeature_ReturnsCheapestTierHavingIt(string feature, string expected)
    {
        var catalog = TierCatalog.From(TierCatalogOptionsValidatorTests.Bind(TestConfiguration.Build()));

        Assert.Multiple(() =>
        {
            Assert.That(catalog.LowestTierWith(feature)?.Name, Is.EqualTo(expected));
            Assert.That(catalog.IsKnownFeature(feature), Is.True);
        });
    }

    [Test]
    public void LowestTierWith_UnknownFeature_ReturnsNull()
    {
        var catalog = TierCatalog.From(TestConfiguration.DefaultTiers());

        Assert.Multiple(() =>
        {
            Assert.That(catalog.LowestTierWith("teleport"), Is.Null);
            Assert.That(catalog.IsKnownFeature("teleport"), Is.False);
            // Feature names are exact: a differently cased name is another feature.
            Assert.That(catalog.LowestTierWith("Historical"), Is.Null);
        });
    }

    [TestCase("pro")]
    [TestCase("PRO")]
    [TestCase("Pro")]
    public void TryGet_AnyCase_FindsTier(string name)
    {
        var catalog = TierCatalog.From(TestConfiguration.DefaultTiers());

        Assert.Multiple(() =>
        {
            Assert.That(catalog.TryGet(name, out var tier), Is.True);
            Assert.That(tier?.Name, Is.EqualTo("pro"));
            Assert.That(tier?.Limits, Is.EqualTo(new TierLimits(600, 10_000, 250_000)));
        });
    }

    [Test]
    public void TryGet_UnknownTier_ReturnsFalse() =>
        Assert.That(TierCatalog.From(TestConfiguration.DefaultTiers()).TryGet("platinum", out _), Is.False);

    [Test]
    public void From_CapitalisedName_StoresLowercaseName()
    {
        var tiers = new TierCatalogOptions
        {
            ["Gold"] = new() { DisplayName = "Gold", RequestsPerHour = 1, RequestsPerDay = 1, RequestsPerMonth = 1, MaxKeys = 1 },
        };

        Assert.That(TierCatalog.From(tiers).Ordered.Single().Name, Is.EqualTo("gold"));
    }
}
