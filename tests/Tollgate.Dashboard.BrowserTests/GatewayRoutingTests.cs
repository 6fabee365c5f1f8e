using System.Net;
using Tollgate.Dashboard.BrowserTests.Infrastructure;

namespace Tollgate.Dashboard.BrowserTests;

/// <summary>The dashboard over HTTP: the gateway serves it itself, counts nothing, and answers nothing under /admin.</summary>
public sealed class GatewayRoutingTests
{
    private static TollgateSystem Stack => BrowserSetUp.System;

    [TestCase("/dashboard")]
    [TestCase("/dashboard/")]
    [TestCase("/dashboard/assets/vendor/chart.umd.js")]
    public async Task Dashboard_IsServedByTheGatewayItself(string path)
    {
        using var client = new HttpClient { BaseAddress = Stack.Gateway.Address };
        using var response = await client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/admin/accounts")]
    [TestCase("/admin/tiers")]
    [TestCase("/dashboard/..%2Fadmin/tiers")]
    public async Task Admin_ThroughTheGateway_IsNeverRouted(string path)
    {
        using var client = new HttpClient { BaseAddress = Stack.Gateway.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminApiHost.Token);
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DashboardCalls_CountNothing()
    {
        var consumer = await Stack.CreateConsumerAsync("free");
        using var client = new HttpClient { BaseAddress = Stack.Gateway.Address };
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/api/session");
            request.Headers.Add("X-API-Key", consumer.RawKey);
            (await client.SendAsync(request)).Dispose();
        }
        await Stack.CallWeatherAsync(consumer.RawKey, 1);

        using var myTier = new HttpRequestMessage(HttpMethod.Get, "/api/v3/subscription/my-tier");
        myTier.Headers.Add("X-API-Key", consumer.RawKey);
        using var response = await client.SendAsync(myTier);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(body, Does.Contain("\"hourly\":{\"used\":1,"));
    }
}
