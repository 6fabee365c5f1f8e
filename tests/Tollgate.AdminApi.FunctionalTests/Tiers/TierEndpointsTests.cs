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
    public async Task ListTiers_CatalogueFromConfiguration_ReflectsOverrides()
    {
        await using var host = new AdminApiHost(new Dictionary<string, string?> { ["Tiers:pro:RequestsPerHour"] = "700" });
        using var client = host.CreateClient();

        var body = await client.GetJsonAsync("/admin/tiers");

        var pro = body.GetProperty("items").EnumerateArray().Single(t => t.Str("name") == "pro");
        Assert.That(pro.GetProperty("limits").GetProperty("per_hour").GetInt64(), Is.EqualTo(700));
    }
}
