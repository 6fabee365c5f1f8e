using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>
/// What depends on who connected: the sign-in throttle per client address, and the forwarded headers of a
/// trusted proxy (one of <c>Gateway:TrustedProxies</c>, as for proxied routes) against those of anyone else. Each test gives the host its own
/// peer address, so no two tests share a throttle counter.
/// </summary>
public sealed class DashboardForwardingTests
{
    [Test]
    public async Task SignIn_TooManyFailuresFromOneAddress_Is429WithRetryAfter_EvenForTheRightKey()
    {
        await using var host = HostFrom(UniqueAddress(), ("Dashboard:SignInFailureLimit", "3"));
        var setUp = new AccountSetUp(host.Services);
        var key = (await setUp.CreateKeyAsync(await setUp.CreateAccountIdAsync())).RawKey;
        using var browser = new DashboardClient(host.CreateClient());

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await browser.SignInAsync(ApiKeyFormat.Generate());
            failures.Add(wrong.StatusCode);
        }
        using var blocked = await browser.SignInAsync(key);
        var problem = await Problem.ReadAsync(blocked);

        Assert.Multiple(() =>
        {
            Assert.That(failures, Has.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(blocked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:sign-in-throttled"));
            Assert.That(blocked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
        });
    }

    [Test]
    public async Task SignIn_SuccessesCountNothing()
    {
        await using var host = HostFrom(UniqueAddress(), ("Dashboard:SignInFailureLimit", "1"));
        var setUp = new AccountSetUp(host.Services);
        var key = (await setUp.CreateKeyAsync(await setUp.CreateAccountIdAsync())).RawKey;

        for (var i = 0; i < 3; i++)
        {
            using var browser = new DashboardClient(host.CreateClient());
            await browser.SignInOkAsync(key);
        }
    }

    [Test]
    public async Task ForwardedFor_FromATrustedProxy_IsTheClientTheThrottleCounts()
    {
        var client = UniqueAddress();
        await using var host = HostFrom(IPAddress.Loopback, ("Gateway:TrustedProxies:0", "127.0.0.1"));
        using var browser = new DashboardClient(host.CreateClient());
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", client.ToString());

        using var refused = await browser.SignInAsync(ApiKeyFormat.Generate());

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await RedisSetUp.Redis.Database.KeyExistsAsync(Counter(client)), Is.True);
        });
    }

    [Test]
    public async Task ForwardedFor_FromLoopback_IsIgnoredUnlessConfigured()
    {
        // The dashboard trusts forwarded headers exactly as the gateway does: loopback is no proxy of its own accord.
        var client = UniqueAddress();
        await using var host = HostFrom(IPAddress.Loopback);
        using var browser = new DashboardClient(host.CreateClient());
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", client.ToString());

        (await browser.SignInAsync(ApiKeyFormat.Generate())).Dispose();

        Assert.That(await RedisSetUp.Redis.Database.KeyExistsAsync(Counter(client)), Is.False);
    }

    [Test]
    public async Task ForwardedFor_FromAnywhereElse_IsIgnored()
    {
        var peer = UniqueAddress();
        var claimed = UniqueAddress();
        await using var host = HostFrom(peer);
        using var browser = new DashboardClient(host.CreateClient());
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", claimed.ToString());

        (await browser.SignInAsync(ApiKeyFormat.Generate())).Dispose();

        Assert.Multiple(async () =>
        {
            Assert.That(await RedisSetUp.Redis.Database.KeyExistsAsync(Counter(peer)), Is.True);
            Assert.That(await RedisSetUp.Redis.Database.KeyExistsAsync(Counter(claimed)), Is.False);
        });
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("2001:db8::7", false)]
    public async Task ForwardedProtoHttps_MakesTheCookieSecure_OnlyFromATrustedProxy(string peer, bool secure)
    {
        await using var host = HostFrom(IPAddress.Parse(peer), ("Gateway:TrustedProxies:0", "127.0.0.1"));
        var setUp = new AccountSetUp(host.Services);
        var key = (await setUp.CreateKeyAsync(await setUp.CreateAccountIdAsync())).RawKey;
        // Cookies by hand: a jar would not send a Secure cookie back over the test host's plain http.
        using var http = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var form = await http.GetAsync("/dashboard/api/session");
        var token = (await form.Content.ReadFromJsonAsync<JsonElement>()).Str("csrf_token");
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/dashboard/api/session") { Content = JsonContent.Create(new { api_key = key }) };
        signIn.Headers.Add("Cookie", $"tg_signin={token}");
        signIn.Headers.Add(DashboardClient.CsrfHeader, token);

        using var response = await http.SendAsync(signIn);
        var cookies = SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]);

        Assert.Multiple(() =>
        {
            Assert.That(cookies.Single(c => c.Name == "tg_session").Secure, Is.EqualTo(secure));
            Assert.That(SetCookieHeaderValue.ParseList([.. form.Headers.GetValues(HeaderNames.SetCookie)]).Single().Secure, Is.EqualTo(secure));
        });
    }

    [Test]
    public async Task TrustedProxies_Configured_AreBelievedToo()
    {
        var client = UniqueAddress();
        await using var host = HostFrom(IPAddress.Parse("10.20.30.40"), ("Gateway:TrustedProxies:0", "10.20.0.0/16"));
        using var browser = new DashboardClient(host.CreateClient());
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", client.ToString());

        (await browser.SignInAsync(ApiKeyFormat.Generate())).Dispose();

        Assert.That(await RedisSetUp.Redis.Database.KeyExistsAsync(Counter(client)), Is.True);
    }

    [Test]
    public async Task DashboardTrustedProxies_AreNotASecondTrustList()
    {
        // Dashboard:TrustedProxies is gone: only Gateway:TrustedProxies is believed, for the proxy and the dashboard alike.
        var client = UniqueAddress();
        var peer = UniqueAddress();
        await using var host = HostFrom(peer, ("Dashboard:TrustedProxies:0", peer.ToString()));
        using var browser = new DashboardClient(host.CreateClient());
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", client.ToString());

        (await browser.SignInAsync(ApiKeyFormat.Generate())).Dispose();

        Assert.Multiple(async () =>
        {
            Assert.That(await RedisSetUp.Redis.Database.KeyExistsAsync(Counter(peer)), Is.True);
            Assert.That(await RedisSetUp.Redis.Database.KeyExistsAsync(Counter(client)), Is.False);
        });
    }

    [Test]
    public async Task SignIn_FailuresFromOneIpv6Slash64_ShareOneCounter_OtherNetworksDoNot()
    {
        // One subscriber usually holds a whole /64: hopping addresses within it must not reset the count.
        var network = UniqueAddress().GetAddressBytes();
        var peer = new IPAddress(network);
        await using var host = DashboardTestBase.NewHost(
            new Dictionary<string, string?> { ["Dashboard:SignInFailureLimit"] = "3" },
            services => services.AddSingleton<IStartupFilter>(new ClientAddressStartupFilter(() => peer)));
        using var browser = new DashboardClient(host.CreateClient());

        var statuses = new List<HttpStatusCode>();
        for (byte host64 = 1; host64 <= 4; host64++)
        {
            network[15] = host64;
            peer = new IPAddress(network);
            using var response = await browser.SignInAsync(ApiKeyFormat.Generate());
            statuses.Add(response.StatusCode);
        }
        network[7] ^= 0xff; // another /64
        peer = new IPAddress(network);
        using var elsewhere = await browser.SignInAsync(ApiKeyFormat.Generate());

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
            Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task SignIn_IPv4_IsCountedPerAddress()
    {
        var peer = IPAddress.Parse("198.51.100.10");
        await using var host = DashboardTestBase.NewHost(
            new Dictionary<string, string?> { ["Dashboard:SignInFailureLimit"] = "1" },
            services => services.AddSingleton<IStartupFilter>(new ClientAddressStartupFilter(() => peer)));
        // One key at a time: on Redis Cluster the two counters live in different slots.
        await RedisSetUp.Redis.Database.KeyDeleteAsync(Counter(IPAddress.Parse("198.51.100.10")));
        await RedisSetUp.Redis.Database.KeyDeleteAsync(Counter(IPAddress.Parse("198.51.100.11")));
        using var browser = new DashboardClient(host.CreateClient());

        using var first = await browser.SignInAsync(ApiKeyFormat.Generate());
        peer = IPAddress.Parse("198.51.100.11");
        using var neighbour = await browser.SignInAsync(ApiKeyFormat.Generate());

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(neighbour.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task SignIn_ParallelFailures_AreNeverMoreThanTheLimit()
    {
        // Check and count are one Redis call: a burst cannot all pass the check before any is counted.
        await using var host = HostFrom(UniqueAddress(), ("Dashboard:SignInFailureLimit", "3"));
        var browsers = Enumerable.Range(0, 24).Select(_ => new DashboardClient(host.CreateClient())).ToList();
        foreach (var browser in browsers)
        {
            await browser.GetSessionAsync();
        }

        var responses = await Task.WhenAll(browsers.Select(b =>
            b.SendAsync(HttpMethod.Post, "/dashboard/api/session", new { api_key = ApiKeyFormat.Generate() })));

        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized);
        var throttled = responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        foreach (var response in responses)
        {
            response.Dispose();
        }
        foreach (var browser in browsers)
        {
            browser.Dispose();
        }
        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(3));
            Assert.That(throttled, Is.EqualTo(21));
        });
    }

    // The throttle's counter of a client: an IPv4 address, or the /64 of an IPv6 one.
    private static StackExchange.Redis.RedisKey Counter(IPAddress client)
    {
        if (client.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return RedisKeys.DashboardSignInFailures(client.ToString());
        }
        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return RedisKeys.DashboardSignInFailures($"{new IPAddress(bytes)}/64");
    }

    private static GatewayHost HostFrom(IPAddress peer, params (string Key, string Value)[] settings) => DashboardTestBase.NewHost(
        settings.ToDictionary(s => s.Key, s => (string?)s.Value),
        services => services.AddSingleton<IStartupFilter>(new ClientAddressStartupFilter(peer)));

    // A documentation-range address of its own per test, so throttle counters never meet (even on a reused Redis).
    private static IPAddress UniqueAddress() =>
        new([0x20, 0x01, 0x0d, 0xb8, .. Guid.NewGuid().ToByteArray()[..12]]);
}
