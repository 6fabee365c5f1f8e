using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>Limits:Mode = Shadow: every request counted and forwarded; what enforcing would refuse is only reported.</summary>
public sealed class ShadowModeTests : GatewayTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Limits:Mode"] = "Shadow" };

    [Test]
    public async Task OverTheLimit_IsForwardedCountedAndReported()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        var statuses = new List<HttpStatusCode>();
        var shadowed = 0;
        for (var i = 0; i < 70; i++)
        {
            using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Oslo"));
            statuses.Add(response.StatusCode);
            if (response.Headers.TryGetValues("X-RateLimit-Shadow", out var values) && values.Single() == "limited")
            {
                shadowed++;
                Assert.That(response.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("0"));
            }
        }

        using var myTier = await Client.SendAsync(consumer.Get("/api/v3/subscription/my-tier"));
        var usage = await myTier.Content.ReadFromJsonAsync<JsonElement>();
        using var metrics = await Client.GetAsync(new Uri(GatewayHost.ManagementUrl, "metrics"));
        var text = await metrics.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK), "nothing is refused");
            Assert.That(shadowed, Is.EqualTo(10), "the ten over the hourly limit are marked");
            Assert.That(usage.GetProperty("usage").GetProperty("hourly").GetProperty("used").GetInt64(), Is.EqualTo(70), "every request counted");
            Assert.That(text, Does.Match(@"tollgate_gateway_requests_total\{[^}]*outcome=""shadow_limited""[^}]*\} 10"));
        });
    }
}
