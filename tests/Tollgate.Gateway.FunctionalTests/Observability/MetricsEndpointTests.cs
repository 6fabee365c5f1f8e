using System.Net;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Observability;

public sealed class MetricsEndpointTests : GatewayTestBase
{
    // Platform instruments updated on every request that nothing reads (ServiceDefaultsExtensions.NotExported).
    private static readonly string[] LeftOut =
        ["http_server_active_requests", "http_client_active_requests", "http_client_open_connections", "http_client_request_time_in_queue"];

    [Test]
    public async Task Metrics_ExposeRequestOutcomesCacheLookupsLimiterLatencyAndForwarding()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        for (var i = 0; i < 3; i++)
        {
            using (await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Oslo")))
            {
            }
        }
        using (await Client.GetAsync("/api/v3/weather/current?city=Oslo"))
        {
        }
        using (await Client.SendAsync(consumer.Get("/api/v3/weather/historical?city=Oslo")))
        {
        }

        using var response = await Client.GetAsync(new Uri(GatewayHost.ManagementUrl, "metrics"));
        var text = await response.Content.ReadAsStringAsync();
        await TestContext.Out.WriteLineAsync(text[..Math.Min(text.Length, 4000)]);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Does.Match(@"tollgate_gateway_requests_total\{[^}]*outcome=""admitted""[^}]*route=""weather-current""[^}]*tier=""free""[^}]*\} [1-9]"));
            Assert.That(text, Does.Match(@"tollgate_gateway_requests_total\{[^}]*outcome=""unauthorized""[^}]*\} [1-9]"));
            Assert.That(text, Does.Match(@"tollgate_gateway_requests_total\{[^}]*outcome=""forbidden""[^}]*\} [1-9]"));
            Assert.That(text, Does.Match(@"tollgate_gateway_key_cache_lookups_total\{[^}]*result=""hit""[^}]*\} [1-9]"));
            Assert.That(text, Does.Match(@"tollgate_gateway_key_cache_lookups_total\{[^}]*result=""miss""[^}]*\} [1-9]"));
            Assert.That(text, Does.Match(@"tollgate_gateway_key_cache_lookups_total\{[^}]*result=""stale""[^}]*\} 0\b"),
                "every result's series is there from the start, at 0 while Redis has not failed");
            Assert.That(text, Does.Contain("tollgate_limiter_script_duration_seconds_bucket"));
            Assert.That(text, Does.Contain("http_client_request_duration_seconds"), "the forwarder's outbound HTTP metrics");
            Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket"), "what the alert rules read");
            foreach (var left in LeftOut)
            {
                Assert.That(text, Does.Not.Contain(left), "per-request instruments nothing reads are left out");
            }
        });
    }

    [Test]
    public async Task Metrics_CountTheRequestThatCrossesEightyPercent()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        for (var i = 0; i < 48; i++)
        {
            using (await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Oslo")))
            {
            }
        }
        using var response = await Client.GetAsync(new Uri(GatewayHost.ManagementUrl, "metrics"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Match(@"tollgate_gateway_near_limit_total\{[^}]*tier=""free""[^}]*window=""hour""[^}]*\} [1-9]"));
    }
}
