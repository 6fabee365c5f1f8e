using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Keys;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.UnitTests.Fakes;

namespace Tollgate.Gateway.UnitTests.Authentication;

/// <summary>
/// <see cref="KeyRecordCache"/> while its store is down, on a fake clock: a key read recently still serves, one that
/// cannot be checked fails as the store failing (the caller answers 503), never as an unknown key.
/// </summary>
public sealed class KeyRecordCacheOutageTests
{
    private ProxyStepHarness _proxy = null!;

    [SetUp]
    public void CreateHarness() => _proxy = new ProxyStepHarness(services => services.Configure<KeyCacheOptions>(o =>
    {
        o.LifetimeSeconds = 5;
        o.StaleSeconds = 60;
    }));

    [TearDown]
    public void DisposeHarness() => _proxy.Dispose();

    [Test]
    public async Task StoreDown_KeyReadWithinTheStaleAllowance_IsStillServed()
    {
        var (hash, key) = Issue();
        await Cache.GetKeyAsync(hash, CancellationToken.None);
        _proxy.Keys.Down = true;

        _proxy.Time.Advance(TimeSpan.FromSeconds(5 + 59));
        var record = await Cache.GetKeyAsync(hash, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(record?.KeyId, Is.EqualTo(key.KeyId));
            Assert.That(_proxy.Keys.Lookups, Is.EqualTo(2), "it asked the store first, past the lifetime");
        });
    }

    [Test]
    public async Task StoreDown_KeyPastTheStaleAllowance_FailsAsTheStoreFailing_NeverAsUnknown()
    {
        var (hash, _) = Issue();
        await Cache.GetKeyAsync(hash, CancellationToken.None);
        _proxy.Keys.Down = true;

        _proxy.Time.Advance(TimeSpan.FromSeconds(5 + 61));

        Assert.That(async () => await Cache.GetKeyAsync(hash, CancellationToken.None), Throws.TypeOf<StoreUnavailableException>());
    }

    [Test]
    public async Task StoreBack_AfterAnOutage_TheKeyIsReadFromTheStoreAgain()
    {
        var (hash, key) = Issue();
        _proxy.Keys.Down = true;
        Assert.That(async () => await Cache.GetKeyAsync(hash, CancellationToken.None), Throws.TypeOf<StoreUnavailableException>(), "never seen: cannot be checked");

        _proxy.Keys.Down = false;
        // The guard's breaker counted one failure only (3 open it): the next read goes to the store.
        Assert.That((await Cache.GetKeyAsync(hash, CancellationToken.None))?.KeyId, Is.EqualTo(key.KeyId));
    }

    private (string Hash, ApiKeyRecord Key) Issue()
    {
        var (rawKey, key) = _proxy.IssueKey("free");
        return (_proxy.Services.GetRequiredService<ApiKeyHasher>().Hash(rawKey), key);
    }

    private KeyRecordCache Cache => _proxy.Services.GetRequiredService<KeyRecordCache>();
}
