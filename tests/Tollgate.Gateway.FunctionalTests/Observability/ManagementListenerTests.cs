using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Observability;

/// <summary>
/// <c>/metrics</c> is served on the management listener (<c>Management:Urls</c>) only; the public listener answers
/// 404 for it, and the management listener serves nothing but metrics and health.
/// </summary>
public sealed class ManagementListenerTests : GatewayTestBase
{
    [Test]
    public async Task Metrics_OnThePublicListener_Answers404()
    {
        using var response = await Client.GetAsync("/metrics");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_AnswersOnBothListeners(string path)
    {
        using var onPublic = await Client.GetAsync(path);
        using var onManagement = await Client.GetAsync(new Uri(GatewayHost.ManagementUrl, path));

        Assert.Multiple(() =>
        {
            Assert.That(onPublic.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(onManagement.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task ManagementListener_ServesNoApi()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var request = consumer.Get(new Uri(GatewayHost.ManagementUrl, "/api/v3/weather/current?city=Oslo").ToString());

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task RealListeners_ServeMetricsOnlyOnTheManagementPort_WhateverTheHostHeaderSays()
    {
        var management = new Uri(FreePort.LoopbackUrl());
        var values = TestConfiguration.Values(RedisSetUp.Redis.ConnectionString);
        values["Urls"] = KestrelAddress.AnyLoopbackPort;
        values["Management:Urls"] = management.ToString();
        values["ReverseProxy:Clusters:weather:Destinations:primary:Address"] = Upstream.Address.ToString();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
        });
        factory.UseKestrel();
        var publicAddress = KestrelAddress.Of(factory.Services);
        using var http = new HttpClient();

        using var onManagement = await http.GetAsync(new Uri(management, "/metrics"));
        using var onPublic = await http.GetAsync(new Uri(publicAddress, "/metrics"));
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(publicAddress, "/metrics"));
        spoofed.Headers.Host = $"127.0.0.1:{management.Port}";
        using var onPublicAsManagement = await http.SendAsync(spoofed);
        using var healthOnPublic = await http.GetAsync(new Uri(publicAddress, "/health/live"));

        Assert.Multiple(async () =>
        {
            Assert.That(publicAddress.Port, Is.Not.EqualTo(management.Port));
            Assert.That(onManagement.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await onManagement.Content.ReadAsStringAsync(), Does.Contain("# TYPE"));
            Assert.That(onPublic.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(onPublicAsManagement.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the Host header does not choose the listener");
            Assert.That(healthOnPublic.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
