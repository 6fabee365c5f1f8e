using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Testing;

namespace Tollgate.Core.UnitTests.Tiers;

public sealed class TierCatalogOptionsValidatorTests
{
    private readonly TierCatalogOptionsValidator _validator = new();

    [Test]
    public void Validate_DefaultCatalogue_Succeeds()
    {
        var result = _validator.Validate(null, TestConfiguration.DefaultTiers());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_DefaultCatalogueBoundFromConfiguration_Succeeds()
    {
        var result = _validator.Validate(null, Bind(TestConfiguration.Build()));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_EmptyCatalogue_FailsNamingSection()
    {
        var result = _validator.Validate(null, new TierCatalogOptions());

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.StartWith("Tiers").And.Contain("empty"));
        });
    }

    [TestCase(nameof(TierOptions.RequestsPerHour), 0)]
    [TestCase(nameof(TierOptions.RequestsPerDay), 0)]
    [TestCase(nameof(TierOptions.RequestsPerMonth), 0)]
    [TestCase(nameof(TierOptions.MaxKeys), 0)]
    [TestCase(nameof(TierOptions.RequestsPerHour), -5)]
    [TestCase(nameof(TierOptions.RequestsPerDay), -1)]
    [TestCase(nameof(TierOptions.MaxKeys), -1)]
    public void Validate_NonPositiveValue_FailsNamingEntry(string field, int value)
    {
        var tiers = TestConfiguration.DefaultTiers();
        var pro = tiers["pro"];
        switch (field)
        {
            case nameof(TierOptions.RequestsPerHour): pro.RequestsPerHour = value; break;
            case nameof(TierOptions.RequestsPerDay): pro.RequestsPerDay = value; break;
            case nameof(TierOptions.RequestsPerMonth): pro.RequestsPerMonth = value; break;
            default: pro.MaxKeys = value; break;
        }

        var result = _validator.Validate(null, tiers);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Some.Contains($"Tiers:pro:{field}"));
            Assert.That(result.FailureMessage, Does.Not.Contain("Tiers:free").And.Not.Contain("Tiers:business"));
        });
    }

    [Test]
    public void Validate_HourAboveDay_FailsNamingTier()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].RequestsPerHour = tiers["pro"].RequestsPerDay + 1;

        var result = _validator.Validate(null, tiers);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Tiers:pro").And.Contain("RequestsPerHour"));
        });
    }

    [Test]
    public void Validate_DayAboveMonth_FailsNamingTier()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["business"].RequestsPerDay = tiers["business"].RequestsPerMonth + 1;

        var result = _validator.Validate(null, tiers);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Tiers:business").And.Contain("RequestsPerMonth"));
        });
    }

    [Test]
    public void Validate_BurstAboveTheHour_FailsNamingTier()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].RequestsPerSecond = tiers["pro"].RequestsPerHour + 1;

        var result = _validator.Validate(null, tiers);

        Assert.That(result.FailureMessage, Does.Contain("Tiers:pro").And.Contain("RequestsPerSecond"));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void Validate_BurstNotPositive_FailsNamingTier(long perSecond)
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].RequestsPerSecond = perSecond;

        Assert.That(_validator.Validate(null, tiers).FailureMessage, Does.Contain("Tiers:pro:RequestsPerSecond"));
    }

    [TestCase(0)]
    [TestCase(101)]
    public void Validate_UsageAlertOutsideOneToHundred_FailsNamingTier(int percent)
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].UsageAlerts = [50, percent];

        Assert.That(_validator.Validate(null, tiers).FailureMessage, Does.Contain("Tiers:pro:UsageAlerts"));
    }

    [Test]
    public void Validate_BillWithoutUnitPrice_FailsNamingTier()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].Overage = "Bill";

        Assert.That(_validator.Validate(null, tiers).FailureMessage, Does.Contain("Tiers:pro:UnitPrice"));
    }

    [Test]
    public void Validate_UnitPriceOrCapWithoutBill_FailsNamingTier()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].Cap = 1000;

        Assert.That(_validator.Validate(null, tiers).FailureMessage, Does.Contain("Tiers:pro").And.Contain("Bill"));
    }

    [Test]
    public void Validate_BillWithPriceAndCap_AllowsAMonthBelowTheDay()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].Overage = "Bill";
        tiers["pro"].UnitPrice = 0.50m;
        tiers["pro"].Cap = 100_000;
        tiers["pro"].RequestsPerMonth = tiers["pro"].RequestsPerDay - 1;
        tiers["pro"].RequestsPerSecond = 20;
        tiers["pro"].UsageAlerts = [50, 90];

        Assert.That(_validator.Validate(null, tiers).Succeeded, Is.True, "a billed month is an allowance, not a ceiling");
    }

    [Test]
    public void Validate_HourEqualToDayEqualToMonth_Succeeds()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["free"].RequestsPerHour = tiers["free"].RequestsPerDay = tiers["free"].RequestsPerMonth = 100;

        Assert.That(_validator.Validate(null, tiers).Succeeded, Is.True);
    }

    [Test]
    public void Validate_NegativePrice_FailsNamingEntry()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["pro"].PriceMonthly = -1;

        Assert.That(_validator.Validate(null, tiers).FailureMessage, Does.Contain("Tiers:pro:PriceMonthly"));
    }

    [Test]
    public void Validate_MissingDisplayName_FailsNamingEntry()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["enterprise"].DisplayName = " ";

        Assert.That(_validator.Validate(null, tiers).FailureMessage, Does.Contain("Tiers:enterprise:DisplayName"));
    }

    [Test]
    public void Validate_EmptyFeatureName_FailsNamingEntry()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["free"].Features.Add("");

        Assert.That(_validator.Validate(null, tiers).FailureMessage, Does.Contain("Tiers:free:Features"));
    }

    [TestCase("pro plus")]
    [TestCase("pro_plus")]
    [TestCase("pro:plus")]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456")] // 33 characters
    public void Validate_UnusableTierName_FailsNamingEntry(string name)
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers[name] = tiers["pro"];

        var result = _validator.Validate(null, tiers);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain($"Tiers:{name}"));
        });
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var tiers = TestConfiguration.DefaultTiers();
        tiers["free"].RequestsPerMonth = 0;
        tiers["pro"].MaxKeys = 0;
        tiers["business"].RequestsPerHour = tiers["business"].RequestsPerDay + 1;

        var result = _validator.Validate(null, tiers);

        Assert.That(result.Failures, Has.Some.Contains("Tiers:free:RequestsPerMonth")
            .And.Some.Contains("Tiers:pro:MaxKeys")
            .And.Some.Contains("Tiers:business"));
    }

    [Test]
    public void Bind_MonthlyWindowBillingPeriod_GivesTheTierABillingPeriodMonth()
    {
        var options = Bind(TestConfiguration.Build(overrides: [new("Tiers:pro:MonthlyWindow", "BillingPeriod")]));

        Assert.Multiple(() =>
        {
            Assert.That(_validator.Validate(null, options).Succeeded, Is.True);
            Assert.That(TierCatalog.From(options).TryGet("pro", out var pro) ? pro.Limits.Windows[^1] : null, Is.EqualTo(LimitWindow.BillingPeriod));
            Assert.That(TierCatalog.From(options).TryGet("free", out var free) ? free.Limits.MonthlyWindow : (MonthlyWindow?)null,
                Is.EqualTo(MonthlyWindow.Sliding30Days), "the default");
        });
    }

    [TestCase("Calendar")]
    [TestCase("1")]
    [TestCase("Billing Period")]
    public void Validate_MonthlyWindowNotAKnownName_FailsNamingTheEntry(string value)
    {
        var options = Bind(TestConfiguration.Build(overrides: [new("Tiers:pro:MonthlyWindow", value)]));

        Assert.That(_validator.Validate(null, options).FailureMessage,
            Does.Contain($"Tiers:pro:MonthlyWindow ({value}) must be Sliding30Days or BillingPeriod"));
    }

    [TestCase("Bil")]
    [TestCase("1")]
    [TestCase("Block,Bill")]
    [TestCase("Bill Overage")]
    public void Validate_OverageNotAKnownName_FailsNamingTheEntry(string value)
    {
        var options = Bind(TestConfiguration.Build(overrides: [new("Tiers:pro:Overage", value), new("Tiers:pro:UnitPrice", "2")]));

        Assert.That(_validator.Validate(null, options).FailureMessage, Does.Contain($"Tiers:pro:Overage ({value}) must be Block or Bill"));
    }

    [TestCase("bill", OverageMode.Bill)]
    [TestCase(" Bill ", OverageMode.Bill)]
    [TestCase("Block", OverageMode.Block)]
    [TestCase("", OverageMode.Block)]
    public void Bind_OverageByName_AnyCase_GivesTheTierThatMode(string value, OverageMode expected)
    {
        KeyValuePair<string, string?>[] price = expected == OverageMode.Bill ? [new("Tiers:pro:UnitPrice", "2")] : [];
        var options = Bind(TestConfiguration.Build(overrides: [new("Tiers:pro:Overage", value), .. price]));

        Assert.Multiple(() =>
        {
            Assert.That(_validator.Validate(null, options).Succeeded, Is.True, _validator.Validate(null, options).FailureMessage);
            Assert.That(TierCatalog.From(options).TryGet("pro", out var pro) ? pro.Limits.Overage : (OverageMode?)null, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Startup_OverageMisspelled_RefusesToStartNamingTheSettingAndItsValues()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(TestConfiguration.Build(overrides: [new("Tiers:pro:Overage", "Bil")]));
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment());
        services.AddTollgateCore();
        using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<IStartupValidator>().Validate(),
            Throws.InstanceOf<OptionsValidationException>().With.Message.Contains("Tiers:pro:Overage (Bil) must be Block or Bill."));
    }

    [Test]
    public void Reload_OverageMisspelled_IsRefusedAndTheLastGoodCatalogueStays()
    {
        var catalog = TierCatalog.From(TestConfiguration.DefaultTiers());
        var edited = TestConfiguration.Build(overrides: [new("Tiers:pro:Overage", "Bil"), new("Tiers:pro:RequestsPerHour", "700")]);
        var reloader = new TierCatalogReloader(edited, catalog, _validator, NullLogger<TierCatalogReloader>.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(reloader.Reload, Throws.Nothing, "an edit the validator refuses is logged, not thrown into the reload callback");
            Assert.That(catalog.TryGet("pro", out var pro) ? pro.Limits.PerHour : 0, Is.EqualTo(600), "the last good catalogue stays");
        });
    }

    [Test]
    public void Validate_TierAddedUnderCapitalisedName_Succeeds()
    {
        // Tiers__Gold__… environment variables: names are matched without regard to case (see TierCatalogOptions)
        // and the catalogue lowercases them, so a capitalised name is the same valid tier "gold".
        var configuration = TestConfiguration.Build(overrides:
        [
            new("Tiers:Gold:DisplayName", "Gold"),
            new("Tiers:Gold:PriceMonthly", "199"),
            new("Tiers:Gold:RequestsPerHour", "5000"),
            new("Tiers:Gold:RequestsPerDay", "100000"),
            new("Tiers:Gold:RequestsPerMonth", "2000000"),
            new("Tiers:Gold:MaxKeys", "100"),
        ]);
        var options = Bind(configuration);

        var result = _validator.Validate(null, options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Keys, Does.Contain("Gold"), "precondition: the configuration keeps the casing");
            Assert.That(result.Succeeded, Is.True, result.FailureMessage);
            Assert.That(TierCatalog.From(options).TryGet("gold", out var gold) ? gold.Name : null, Is.EqualTo("gold"));
        });
    }

    [Test]
    public void Validate_CapitalisedNameOfExistingTier_Succeeds()
    {
        // Which casing survives when Tiers__Pro__… overrides appsettings' "pro" depends on the configuration's
        // merge order, so start-up must accept either.
        var tiers = TestConfiguration.DefaultTiers();
        var pro = tiers["pro"];
        tiers.Remove("pro");
        tiers["Pro"] = pro;

        var result = _validator.Validate(null, tiers);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Bind_OverrideWithOtherCasing_ChangesTheSameTier()
    {
        var options = Bind(TestConfiguration.Build(overrides: [new("Tiers:PRO:RequestsPerHour", "700")]));

        Assert.Multiple(() =>
        {
            Assert.That(options, Has.Count.EqualTo(4));
            Assert.That(_validator.Validate(null, options).Succeeded, Is.True);
            Assert.That(TierCatalog.From(options).TryGet("pro", out var pro) ? pro.Limits.PerHour : 0, Is.EqualTo(700));
        });
    }

    internal static TierCatalogOptions Bind(IConfiguration configuration)
    {
        var options = new TierCatalogOptions();
        configuration.GetSection(TierCatalogOptions.SectionName).Bind(options);
        return options;
    }
}
