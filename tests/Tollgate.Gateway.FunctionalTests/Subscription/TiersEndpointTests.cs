using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Subscription;

public sealed class TiersEndpointTests : GatewayTestBase
{
    [Test]
    public async Task Tiers_AnswerWithoutKeyInTheSeedShape()
    {
        using var response = await Client.GetAsync("/api/v3/subscription/tiers");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var tiers = body.GetProperty("tiers");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(tiers.EnumerateObject().Select(p => p.Name), Is.EqualTo((string[])["free", "pro", "business", "enterprise"]));
            var free = tiers.GetProperty("free");
            Assert.That(free.GetProperty("display_name").GetString(), Is.EqualTo("Free"));
            Assert.That(free.GetProperty("price_monthly").GetDecimal(), Is.Zero);
            Assert.That(free.GetProperty("requests_per_hour").GetInt64(), Is.EqualTo(60));
            Assert.That(tiers.GetProperty("enterprise").GetProperty("requests_per_month").GetInt64(), Is.EqualTo(5_000_000));
            Assert.That(tiers.GetProperty("pro").GetProperty("features").EnumerateArray().Select(f => f.GetString()),
                Does.Contain("forecast-hourly"));
        });
    }
}
