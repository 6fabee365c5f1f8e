using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Authentication;

/// <summary>
/// A client flooding the gateway with made-up keys, on a real Redis: what each unknown key costs Redis (the
/// operations the gateway's own connection sent), and the per-address refusal that ends it. Peer addresses are
/// set per request (<see cref="PeerAddressStartupFilter"/>).
/// </summary>
public sealed class AuthFailureFloodTests
{
    private const int Burst = 10;
    private const string Weather = "/api/v3/weather/current?city=Quito";

    private UpstreamHost _upstream = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    private IConnectionMultiplexer GatewayRedis => _gateway.Services.GetRequiredService<IConnectionMultiplexer>();

    [OneTimeSetUp]
    public void StartHosts()
    {
        _upstream = new UpstreamHost();
        _gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?>
        {
            ["Gateway:AuthFailureLimit:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // One failure earned back per minute: nothing refills while a test runs.
            ["Gateway:AuthFailureLimit:PerMinute"] = "1",
            ["Gateway:KeyCache:NegativeSeconds"] = "60",
        }, configureServices: services => services.AddSingleton<IStartupFilter, PeerAddressStartupFilter>());
        _client = _gateway.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Test]
    public async Task UnknownKeys_CostOneLookupEach_ThenTheAddressGets429BeforeAnyRedisCall_AndItsValidKeyStillWorks()
    {
        const string flooder = "198.51.100.7";
        var consumer = await _gateway.CreateConsumerAsync("pro");
        using (var warm = await SendAsync(flooder, consumer.RawKey))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var unknown = Enumerable.Range(0, Burst).Select(_ => ApiKeyFormat.Generate()).ToList();

        var sentBefore = SentByGateway();
        var lookupsBefore = await ServerCallsAsync("hmget");
        foreach (var key in unknown)
        {
            using var response = await SendAsync(flooder, key);
            Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:api-key-unknown"));
        }
        var firstRound = SentByGateway() - sentBefore;
        var firstRoundLookups = await ServerCallsAsync("hmget") - lookupsBefore;

        sentBefore = SentByGateway();
        var repeats = new List<HttpStatusCode>();
        foreach (var key in unknown)
        {
            using var response = await SendAsync(flooder, key);
            repeats.Add(response.StatusCode);
        }
        var secondRound = SentByGateway() - sentBefore;

        sentBefore = SentByGateway();
        lookupsBefore = await ServerCallsAsync("hmget");
        Problem? refusal = null;
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 100; i++)
        {
            using var response = await SendAsync(flooder, ApiKeyFormat.Generate());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            refusal ??= await Problem.ReadAsync(response);
            retryAfter ??= response.Headers.RetryAfter?.Delta;
        }
        using (var malformed = await SendAsync(flooder, "tg_not-a-key"))
        {
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        }
        var flood = SentByGateway() - sentBefore;
        var floodLookups = await ServerCallsAsync("hmget") - lookupsBefore;

        await TestContext.Out.WriteLineAsync(
            $"Redis operations sent by the gateway: {firstRound} for {Burst} new unknown keys ({(double)firstRound / Burst:F1} per key; "
            + $"server HMGETs {firstRoundLookups}), {secondRound} for the same keys again, {flood} for 101 more from the refused address "
            + $"(server HMGETs {floodLookups}).");
        using var valid = await SendAsync(flooder, consumer.RawKey);
        using var otherAddress = await SendAsync("198.51.100.8", ApiKeyFormat.Generate());
        using var sameSlash64 = await SendAsync("2001:db8:1:2::1", ApiKeyFormat.Generate());
        Assert.Multiple(() =>
        {
            Assert.That(firstRound, Is.EqualTo(Burst), "one key lookup per unknown key");
            Assert.That(firstRoundLookups, Is.EqualTo(Burst), "the server saw one HMGET per unknown key");
            Assert.That(floodLookups, Is.Zero);
            Assert.That(secondRound, Is.Zero, "the same unknown keys again cost nothing (negative cache)");
            Assert.That(repeats[0], Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(repeats.Skip(1), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "the failure past the burst starts the refusal");
            Assert.That(flood, Is.Zero, "refused before any Redis call");
            Assert.That(refusal?.Type, Is.EqualTo("urn:tollgate:problem:too-many-failed-authentications"));
            Assert.That(refusal?.Status, Is.EqualTo(429));
            Assert.That(retryAfter?.TotalSeconds, Is.InRange(1, 60));
            Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a real key from the refused address still works");
            Assert.That(otherAddress.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "other addresses are not refused");
            Assert.That(sameSlash64.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task IPv6_AddressesOfOneSlash64_ShareOneLimit()
    {
        for (var i = 0; i < Burst + 1; i++)
        {
            using var response = await SendAsync($"2001:db8:aa:bb::{i + 1:x}", ApiKeyFormat.Generate());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        using var sameNetwork = await SendAsync("2001:db8:aa:bb:ffff::1", ApiKeyFormat.Generate());
        using var nextNetwork = await SendAsync("2001:db8:aa:bc::1", ApiKeyFormat.Generate());
        Assert.Multiple(() =>
        {
            Assert.That(sameNetwork.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(nextNetwork.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task ValidKey_ManyMoreRequestsThanTheBurst_NeverRefused()
    {
        var consumer = await _gateway.CreateConsumerAsync("pro");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Burst * 3; i++)
        {
            using var response = await SendAsync("198.51.100.20", consumer.RawKey);
            statuses.Add(response.StatusCode);
        }
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RefusedAddress_RequestsWithoutAKey_AreAnsweredAsUsual()
    {
        const string flooder = "198.51.100.30";
        for (var i = 0; i < Burst + 1; i++)
        {
            using var response = await SendAsync(flooder, "junk");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        using var tiers = new HttpRequestMessage(HttpMethod.Get, "/api/v3/subscription/tiers");
        tiers.Headers.Add(PeerAddressStartupFilter.HeaderName, flooder);
        using var tiersResponse = await _client.SendAsync(tiers);
        using var noKey = new HttpRequestMessage(HttpMethod.Get, Weather);
        noKey.Headers.Add(PeerAddressStartupFilter.HeaderName, flooder);
        using var noKeyResponse = await _client.SendAsync(noKey);
        using var keyed = await SendAsync(flooder, "junk");
        Assert.Multiple(() =>
        {
            Assert.That(tiersResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(noKeyResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a missing key costs nothing: the usual 401");
            Assert.That(keyed.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        });
    }

    private async Task<HttpResponseMessage> SendAsync(string peer, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Weather);
        request.Headers.Add(PeerAddressStartupFilter.HeaderName, peer);
        request.Headers.TryAddWithoutValidation("X-API-Key", key);
        return await _client.SendAsync(request);
    }

    /// <summary>Calls of <paramref name="command"/> the Redis server has run since it started (INFO commandstats).</summary>
    private static async Task<long> ServerCallsAsync(string command)
    {
        long calls = 0;
        foreach (var server in RedisSetUp.Redis.Multiplexer.GetServers())
        {
            foreach (var group in await server.InfoAsync("commandstats"))
            {
                foreach (var (name, value) in group)
                {
                    // cmdstat_hmget: calls=12,usec=345,...
                    if (name == "cmdstat_" + command)
                    {
                        calls += long.Parse(value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
        }
        return calls;
    }

    /// <summary>Operations the gateway's multiplexer has sent on its interactive connections.</summary>
    private long SentByGateway() => GatewayRedis.GetCounters().Interactive.OperationCount;
}
