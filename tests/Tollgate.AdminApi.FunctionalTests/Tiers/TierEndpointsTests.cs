using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Tiers;

public sealed class TierEndpointsTests : AdminApiTestBase
{
    [Test]
    public async Task ListTiers_Always_ReturnsTheCatalogueCheapestFirst()
    {
        var body = await Client.GetJsonAsync("/admin/tiers");

        var tiers = body.GetProperty("items").EnumerateArray().ToList();
        var free = tiers[0];
        var enterprise = tiers[^1];
        Assert.Multiple(() =>
        {
            Assert.That(tiers.Select(t => t.Str("name")), Is.EqualTo((string[])["free", "pro", "business", "enterprise"]));
            Assert.That(free.Str("display_name"), Is.EqualTo("Free"));
            Assert.That(free.GetProperty("price_monthly").GetDecimal(), Is.Zero);
            Assert.That(free.GetProperty("limits").GetProperty("per_hour").GetInt64(), Is.EqualTo(60));
            Assert.That(free.GetProperty("limits").GetProperty("per_day").GetInt64(), Is.EqualTo(1_000));
            Assert.That(free.GetProperty("limits").GetProperty("per_month").GetInt64(), Is.EqualTo(10_000));
            Assert.That(free.GetProperty("max_keys").GetInt32(), Is.EqualTo(2));
            Assert.That(free.Strings("features"), Is.EqualTo((string[])["current", "forecast-7day"]));
            Assert.That(enterprise.GetProperty("price_monthly").GetDecimal(), Is.EqualTo(499m));
            Assert.That(enterprise.GetProperty("max_keys").GetInt32(), Is.EqualTo(200));
        });
    }

    [Test]
    public async Task ListTiers_ShowsTheBurstWindowAndOverageTerms_NullWhereTheTierSetsNone()
    {
        await using var host = new AdminApiHost(new Dictionary<string, string?>
        {
            ["Tiers:pro:RequestsPerSecond"] = "5",
            ["Tiers:pro:Overage"] = "Bill",
            ["Tiers:pro:UnitPrice"] = "2.50",
            ["Tiers:pro:Cap"] = "100000",
        });
        using var client = host.CreateClient();

        var tiers = (await client.GetJsonAsync("/admin/tiers")).GetProperty("items").EnumerateArray().ToList();

        var pro = tiers.Single(t => t.Str("name") == "pro");
        var free = tiers.Single(t => t.Str("name") == "free");
        Assert.Multiple(() =>
        {
            Assert.That(pro.GetProperty("limits").GetProperty("per_second").GetInt64(), Is.EqualTo(5));
            Assert.That(pro.GetProperty("overage").Str("mode"), Is.EqualTo("bill"));
            Assert.That(pro.GetProperty("overage").GetProperty("unit_price_per_1000").GetDecimal(), Is.EqualTo(2.50m));
            Assert.That(pro.GetProperty("overage").GetProperty("cap").GetInt64(), Is.EqualTo(100_000));
            Assert.That(free.GetProperty("limits").GetProperty("per_second").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(free.GetProperty("overage").Str("mode"), Is.EqualTo("block"));
            Assert.That(free.GetProperty("overage").GetProperty("unit_price_per_1000").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(free.GetProperty("overage").GetProperty("cap").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });
    }

    [Test]
    public async Task ListTiers_CatalogueFromConfiguration_ReflectsOverrides()
    {
        await using var host = new AdminApiHost(new Dictionary<string, string?> { ["Tiers:pro:RequestsPerHour"] = "700" });
        using var client = host.CreateClient();

        var body = await client.GetJsonAsync("/admin/tiers");

        var pro = body.GetProperty("items").EnumerateArray().Single(t => t.Str("name") == "pro");
        Assert.That(pro.GetProperty("limits").GetProperty("per_hour").GetInt64(), Is.EqualTo(700));
    }
}
