using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Health;

public sealed class HealthEndpointTests : GatewayTestBase
{
    [Test]
    public async Task Live_AnswersHealthyWithoutCheckingDependencies()
    {
        using var response = await Client.GetAsync("/health/live");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_ReportsRedisAndUpstreamClusters()
    {
        using var response = await Client.GetAsync("/health/ready");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var checks = body.GetProperty("checks");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(checks.GetProperty("redis").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.GetProperty("upstream").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.GetProperty("upstream").GetProperty("data").GetProperty("weather").GetString(), Does.StartWith("1/1"));
        });
    }

    [Test]
    public async Task Ready_UpstreamDown_IsUnhealthyOnceActiveChecksNotice()
    {
        await using var gateway = new GatewayHost(new Uri($"http://127.0.0.1:{ClosedPort()}/"), new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Interval"] = "00:00:01",
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Timeout"] = "00:00:01",
        });
        using var client = gateway.CreateClient();

        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await client.GetAsync("/health/ready");
            status = response.StatusCode;
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.That(body.GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
                return;
            }
            await Task.Delay(200);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Fail($"/health/ready still answered {status} 10 s after the upstream was unreachable.");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
