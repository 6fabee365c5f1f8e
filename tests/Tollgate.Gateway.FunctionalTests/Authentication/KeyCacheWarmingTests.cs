using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;
using Tollgate.Gateway.Authentication;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Authentication;

/// <summary>
/// Cold start: a gateway started while others serve traffic reads the keys they served recently into its cache in the
/// background, so the first request of each finds it there rather than waiting on Redis.
/// </summary>
public sealed class KeyCacheWarmingTests
{
    private const string Weather = "/api/v3/weather/current?city=Tromso";
    private static readonly Dictionary<string, string?> Settings = new() { ["Gateway:KeyCache:WarmPublishSeconds"] = "1" };

    [Test]
    public async Task FreshGateway_HasTheKeysAnotherGatewayServed_BeforeTheirFirstRequest()
    {
        await using var upstream = new UpstreamHost();
        await using var serving = new GatewayHost(upstream.Address, Settings);
        var consumer = await serving.CreateConsumerAsync("free");
        using (var client = serving.CreateClient())
        using (var response = await client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var hash = serving.Services.GetRequiredService<ApiKeyHasher>().Hash(consumer.RawKey);
        var redis = serving.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await ChildProcess.WaitUntilAsync(async () => await redis.SortedSetScoreAsync(RedisKeys.RecentKeys, hash) is not null,
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), () => "the serving gateway to add the key to the index of recent keys");

        await using var fresh = new GatewayHost(upstream.Address, Settings);
        var cache = fresh.Services.GetRequiredService<KeyRecordCache>();

        await ChildProcess.WaitUntilAsync(() => Task.FromResult(cache.IsKnownKey(hash)),
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), () => "the fresh gateway to read the key before any request of it");
        using var freshClient = fresh.CreateClient();
        using var first = await freshClient.SendAsync(consumer.Get(Weather));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
