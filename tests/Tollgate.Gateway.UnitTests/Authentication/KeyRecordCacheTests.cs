using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core.Accounts;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Observability;
using Tollgate.Gateway.UnitTests.Authentication.Fakes;

namespace Tollgate.Gateway.UnitTests.Authentication;

/// <summary>
/// The real <see cref="KeyRecordCache"/> over a fake key store whose lookups the test holds and releases, so an
/// invalidation can be made to arrive at an exact point of a load.
/// </summary>
public sealed class KeyRecordCacheTests
{
    private const string Hash = "0123456789abcdef";

    private BlockingKeyStore _store = null!;
    private HookedTimeProvider _time = null!;
    private ServiceProvider _services = null!;
    private KeyRecordCache _cache = null!;

    [SetUp]
    public void CreateCache() => _cache = CreateCache(new KeyCacheOptions { LifetimeSeconds = 60 });

    private KeyRecordCache CreateCache(KeyCacheOptions options)
    {
        _store = new BlockingKeyStore();
        _time = new HookedTimeProvider();
        _services?.Dispose();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var guard = new RedisGuard(ConnectedMultiplexer.Create(), Options.Create(new RedisOptions { TimeoutMs = 5000 }), TimeProvider.System, meters);
        return new KeyRecordCache(
            _store,
            NotCalled.Create<IAccountStore>(),
            guard,
            new GatewayMetrics(meters),
            Options.Create(options),
            _time);
    }

    [TearDown]
    public void DisposeServices() => _services.Dispose();

    [Test]
    public async Task Revocation_WhileTheLookupIsInFlight_IsNotCachedOver()
    {
        _store.Records[Hash] = Active();
        _store.Hold();
        var load = _cache.GetKeyAsync(Hash, CancellationToken.None).AsTask();
        await _store.LookupStarted.Task;

        Revoke();
        _store.Release();
        await load;

        var after = await _cache.GetKeyAsync(Hash, CancellationToken.None);
        Assert.That(after?.RevokedAt, Is.Not.Null, "the read that started before the revocation was not cached");
    }

    [Test]
    public async Task Revocation_BetweenTheGenerationCheckAndTheCacheWrite_IsNotCachedOver()
    {
        _store.Records[Hash] = Active();
        _store.Hold();
        var load = _cache.GetKeyAsync(Hash, CancellationToken.None).AsTask();
        await _store.LookupStarted.Task;

        // The lookup has answered; the first clock read after it is the one the cache makes to stamp the entry it
        // writes, after the generation check. The revocation lands exactly there.
        _time.OnNextTimestamp(Revoke);
        _store.Release();
        var during = await load;

        var after = await _cache.GetKeyAsync(Hash, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(during?.RevokedAt, Is.Null, "the request in flight saw the key as it was when it asked");
            Assert.That(after?.RevokedAt, Is.Not.Null, "the next request sees the revocation, not a cached active record");
            Assert.That(_store.Lookups, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task KeyIssued_BetweenTheGenerationCheckAndTheCacheWrite_IsNotRefusedAsUnknown()
    {
        _store.Hold();
        var load = _cache.GetKeyAsync(Hash, CancellationToken.None).AsTask();
        await _store.LookupStarted.Task;

        _time.OnNextTimestamp(() =>
        {
            _store.Records[Hash] = Active();
            _cache.Invalidate(CacheInvalidation.ForKey(Hash));
        });
        _store.Release();
        var during = await load;

        var after = await _cache.GetKeyAsync(Hash, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(during, Is.Null);
            Assert.That(after, Is.Not.Null, "the key announced meanwhile is found on the next request");
        });
    }

    [Test]
    public async Task FloodOfUnknownKeys_CostsOneLookupEach_AndNeverPushesOutARealKey()
    {
        _cache = CreateCache(new KeyCacheOptions { LifetimeSeconds = 60, NegativeSeconds = 60, MaxEntries = 10, MaxUnknownKeys = 100 });
        _store.Records[Hash] = Active();
        Assert.That(await _cache.GetKeyAsync(Hash, CancellationToken.None), Is.Not.Null);

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.That(await _cache.GetKeyAsync($"unknown{i}", CancellationToken.None), Is.Null);
            }
        }
        Assert.That(_store.Lookups, Is.EqualTo(1 + 50), "each unknown key asked Redis once, the repeats none");

        for (var i = 50; i < 1_000; i++)
        {
            await _cache.GetKeyAsync($"unknown{i}", CancellationToken.None);
        }
        var lookups = _store.Lookups;
        Assert.Multiple(async () =>
        {
            Assert.That(await _cache.GetKeyAsync(Hash, CancellationToken.None), Is.Not.Null);
            Assert.That(_store.Lookups, Is.EqualTo(lookups), "the real key was still cached after 1,000 unknown ones");
            Assert.That(_cache.IsKnownKey(Hash), Is.True);
            Assert.That(_cache.IsKnownKey("unknown999"), Is.False);
        });
    }

    [Test]
    public async Task KeyInvalidation_ClearsItsUnknownEntry()
    {
        _cache = CreateCache(new KeyCacheOptions { LifetimeSeconds = 60, NegativeSeconds = 60 });
        Assert.That(await _cache.GetKeyAsync(Hash, CancellationToken.None), Is.Null);

        _store.Records[Hash] = Active();
        _cache.Invalidate(CacheInvalidation.ForKey(Hash));

        Assert.That(await _cache.GetKeyAsync(Hash, CancellationToken.None), Is.Not.Null);
    }

    private void Revoke()
    {
        _store.Records[Hash] = Active() with { RevokedAt = DateTimeOffset.UtcNow };
        _cache.Invalidate(CacheInvalidation.ForKey(Hash));
    }

    private static ApiKeyRecord Active() =>
        new("key_1", "acc_1", "test", "tg_01234567", DateTimeOffset.UtcNow, null, null, [], []);
}
