using System.Net;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Forwarding;

/// <summary>
/// A proxied request is never a dashboard sign-in: a <c>tg_session</c> cookie on it (a client that sends its cookies
/// everywhere) is not looked up, so it costs no Redis read and cannot turn an open route's answer into a store error.
/// </summary>
public sealed class ProxiedSessionCookieTests
{
    [Test]
    public async Task OpenRoute_WithASessionCookie_IsForwardedWithoutLookingTheSessionUp()
    {
        await using var upstream = new UpstreamHost();
        // A Redis nobody listens on: any session lookup would fail as a store fault (503).
        await using var gateway = new GatewayHost(upstream.Address, redisConnectionString: $"127.0.0.1:{FreePort.Next()},connectTimeout=200");
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/echo-headers");
        request.Headers.Add("Cookie", $"{DashboardAuthentication.SessionCookie}={SessionTokens.New()}");

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
