using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Forwarding;

/// <summary>
/// Who the client is: the socket peer, unless that peer is one of <c>Gateway:TrustedProxies</c>, whose
/// <c>X-Forwarded-For</c>/<c>-Proto</c> then name it. Each test gives its gateway a peer address, as a socket would.
/// </summary>
public sealed class ClientAddressTests
{
    private const string Client = "203.0.113.7";
    private UpstreamHost _upstream = null!;

    [OneTimeSetUp]
    public void StartUpstream() => _upstream = new UpstreamHost();

    [OneTimeTearDown]
    public ValueTask StopUpstreamAsync() => _upstream.DisposeAsync();

    [Test]
    public async Task AllowedIps_ForwardedForFromATrustedProxy_IsTheClient()
    {
        await using var gateway = Gateway(peer: "10.1.2.3", trusted: "10.0.0.0/8");
        var consumer = await gateway.CreateConsumerAsync("free", new NewApiKey("office", AllowedIps: [Client]));
        using var client = gateway.CreateClient();
        using var request = consumer.Get("/api/v3/weather/current?city=Oslo");
        request.Headers.Add("X-Forwarded-For", Client);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("127.0.0.1", null, TestName = "AllowedIps_ForwardedForFromLoopback_IsIgnoredUnlessConfigured")]
    [TestCase("192.0.2.50", "10.0.0.0/8", TestName = "AllowedIps_ForwardedForFromAnUntrustedPeer_IsIgnored")]
    public async Task AllowedIps_ForwardedForFromAnUntrustedPeer_IsIgnored(string peer, string? trusted)
    {
        await using var gateway = Gateway(peer, trusted);
        var consumer = await gateway.CreateConsumerAsync("free", new NewApiKey("office", AllowedIps: [Client]));
        using var client = gateway.CreateClient();
        using var request = consumer.Get("/api/v3/weather/current?city=Oslo");
        request.Headers.Add("X-Forwarded-For", Client);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:address-not-allowed"));
    }

    [Test]
    public async Task Upstream_GetsTheClientTheGatewayFound_NeverWhatAnUntrustedClientWrote()
    {
        await using var gateway = Gateway(peer: "192.0.2.50", trusted: "10.0.0.0/8");
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/echo-headers");
        request.Headers.Add("X-Forwarded-For", Client);
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(echoed.Headers["x-forwarded-for"], Is.EqualTo("192.0.2.50"));
            Assert.That(echoed.Headers["x-forwarded-proto"], Is.EqualTo("http"));
        });
    }

    [Test]
    public async Task Upstream_GetsTheClientAndSchemeATrustedProxyForwarded()
    {
        await using var gateway = Gateway(peer: "10.1.2.3", trusted: "10.1.2.3");
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/open/echo-headers");
        // The client wrote the first entry itself; the trusted proxy appended what it saw.
        request.Headers.Add("X-Forwarded-For", $"198.51.100.1, {Client}");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(echoed.Headers["x-forwarded-for"], Is.EqualTo(Client));
            Assert.That(echoed.Headers["x-forwarded-proto"], Is.EqualTo("https"));
        });
    }

    [Test]
    public async Task TrustedProxies_NotAnAddress_RefusesToStart()
    {
        await using var gateway = Gateway(peer: "10.1.2.3", trusted: "gateway.local");
        var failure = Assert.Catch(() => gateway.CreateClient().Dispose());
        Assert.That(failure!.ToString(), Does.Contain("Gateway:TrustedProxies:0"));
    }

    private GatewayHost Gateway(string peer, string? trusted) => new(
        _upstream.Address,
        trusted is null ? null : new Dictionary<string, string?> { ["Gateway:TrustedProxies:0"] = trusted },
        configureServices: services => services.AddSingleton<IStartupFilter>(new ClientAddressStartupFilter(IPAddress.Parse(peer))));
}
