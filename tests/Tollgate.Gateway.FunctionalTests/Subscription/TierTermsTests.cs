using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Subscription;

/// <summary>
/// The subscription endpoints show a tier's burst window (<c>requests_per_second</c>) and overage terms (<c>overage</c>: mode, price
/// per 1,000, cap), null where the tier sets none: here pro has a burst window and bills overage up to a cap, free has neither.
/// </summary>
public sealed class TierTermsTests : GatewayTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Tiers:pro:RequestsPerSecond"] = "5",
        ["Tiers:pro:Overage"] = "Bill",
        ["Tiers:pro:UnitPrice"] = "2.50",
        ["Tiers:pro:Cap"] = "100000",
    };

    [Test]
    public async Task Tiers_ShowEachTiersBurstWindowAndOverageTerms()
    {
        var tiers = (await Client.GetFromJsonAsync<JsonElement>("/api/v3/subscription/tiers")).GetProperty("tiers");

        var pro = tiers.GetProperty("pro");
        var free = tiers.GetProperty("free");
        Assert.Multiple(() =>
        {
            Assert.That(pro.GetProperty("requests_per_second").GetInt64(), Is.EqualTo(5));
            AssertBills(pro.GetProperty("overage"));
            Assert.That(free.GetProperty("requests_per_second").ValueKind, Is.EqualTo(JsonValueKind.Null));
            AssertBlocks(free.GetProperty("overage"));
        });
    }

    [Test]
    public async Task MyTier_ShowsTheCallersBurstWindowAndOverageTerms()
    {
        var pro = await MyTierAsync("pro");
        var free = await MyTierAsync("free");

        Assert.Multiple(() =>
        {
            Assert.That(pro.GetProperty("requests_per_second").GetInt64(), Is.EqualTo(5));
            AssertBills(pro.GetProperty("overage"));
            Assert.That(free.GetProperty("requests_per_second").ValueKind, Is.EqualTo(JsonValueKind.Null));
            AssertBlocks(free.GetProperty("overage"));
        });
    }

    private async Task<JsonElement> MyTierAsync(string tier)
    {
        var consumer = await Gateway.CreateConsumerAsync(tier);
        using var response = await Client.SendAsync(consumer.Get("/api/v3/subscription/my-tier"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertBills(JsonElement overage)
    {
        Assert.That(overage.GetProperty("mode").GetString(), Is.EqualTo("bill"));
        Assert.That(overage.GetProperty("unit_price_per_1000").GetDecimal(), Is.EqualTo(2.50m));
        Assert.That(overage.GetProperty("cap").GetInt64(), Is.EqualTo(100_000));
    }

    private static void AssertBlocks(JsonElement overage)
    {
        Assert.That(overage.GetProperty("mode").GetString(), Is.EqualTo("block"));
        Assert.That(overage.GetProperty("unit_price_per_1000").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(overage.GetProperty("cap").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
