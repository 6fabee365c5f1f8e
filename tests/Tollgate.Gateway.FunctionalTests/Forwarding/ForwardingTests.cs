using System.Net;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Forwarding;

public sealed class ForwardingTests : GatewayTestBase
{
    [Test]
    public async Task KeyInHeader_NeverReachesTheUpstream()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/echo-headers?city=Oslo"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(echoed.Headers.Keys, Has.None.EqualTo("x-api-key"));
            Assert.That(echoed.Headers.Values, Has.None.Contains(consumer.RawKey));
            Assert.That(echoed.QueryString, Is.EqualTo("?city=Oslo"));
        });
    }

    [Test]
    public async Task KeyInQuery_IsRemovedAndOtherParametersKept()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.GetAsync($"/api/v3/weather/echo-headers?city=Oslo&api_key={consumer.RawKey}&days=3");
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.That(echoed.QueryString, Does.Not.Contain(consumer.RawKey));
        Assert.That(echoed.QueryString, Does.Not.Contain("api_key"));
        Assert.That(echoed.QueryString, Does.Contain("city=Oslo").And.Contain("days=3"));
    }

    [TestCase("API_KEY")]
    [TestCase("Api_Key")]
    [TestCase("api%5Fkey")]
    [TestCase("%61%70%69%5F%6B%65%79")]
    public async Task KeyInQueryUnderAnotherSpelling_AuthenticatesAndNeverReachesTheUpstream(string name)
    {
        // The gateway reads the parameter as ASP.NET Core does (any case, percent-decoded); what it reads it must remove.
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.GetAsync($"/api/v3/weather/echo-headers?city=Oslo&{name}={consumer.RawKey}");
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.That(echoed.QueryString, Does.Not.Contain(consumer.RawKey));
    }

    [Test]
    public async Task Upstream_GetsTheAccountAndTierInsteadOfClientSentValues()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro");
        using var request = consumer.Get("/api/v3/weather/echo-headers");
        request.Headers.Add("X-Account-Id", "acc_spoofed");
        request.Headers.Add("X-Subscription-Tier", "enterprise");
        using var response = await Client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.That(echoed.Headers["x-account-id"], Is.EqualTo(consumer.Account.Id));
        Assert.That(echoed.Headers["x-subscription-tier"], Is.EqualTo("pro"));
    }

    [Test]
    public async Task OpenRoute_DropsSpoofedIdentityHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/echo-headers");
        request.Headers.Add("X-Account-Id", "acc_spoofed");
        request.Headers.Add("X-Subscription-Tier", "enterprise");
        using var response = await Client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.That(echoed.Headers.Keys, Has.None.EqualTo("x-account-id").And.None.EqualTo("x-subscription-tier"));
    }

    [TestCase("?city=Oslo&api_key=first-secret&API_KEY=second-secret", "?city=Oslo")]
    [TestCase("?api%5fkey=first-secret&city=Oslo&%61pi_Key=second-secret", "?city=Oslo")]
    [TestCase("?%61%70%69%5F%6B%65%79=first-secret&%41PI%5fKEY=second-secret", "")]
    public async Task OpenRoute_RemovesEveryKeyParameterHoweverSpelled(string query, string forwarded)
    {
        // A route without a key reads no key, so nothing refuses a repeated one: removal alone keeps it from the upstream.
        using var response = await Client.GetAsync($"/open/echo-headers{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.That(echoed.QueryString, Is.EqualTo(forwarded));
    }

    [Test]
    public async Task QueryWithoutKey_ReachesTheUpstreamAsTheClientWroteIt()
    {
        // Only a query that may carry the key is parsed and rebuilt; any other goes out byte for byte.
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(consumer.Get("/api/v3/weather/echo-headers?q=New+York&b=2&a=1&b=3"));
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.That(echoed.QueryString, Is.EqualTo("?q=New+York&b=2&a=1&b=3"));
    }
}
