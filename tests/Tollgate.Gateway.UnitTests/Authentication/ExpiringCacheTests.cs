using Microsoft.Extensions.Time.Testing;
using Tollgate.Gateway.Authentication;

namespace Tollgate.Gateway.UnitTests.Authentication;

public sealed class ExpiringCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void TryGet_WithinLifetime_Hits()
    {
        var cache = new ExpiringCache<string>(_time, TimeSpan.FromSeconds(5), 10);
        cache.Set("a", "value");
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.That(cache.TryGet("a", out var value), Is.True);
        Assert.That(value, Is.EqualTo("value"));
    }

    [Test]
    public void TryGet_AfterLifetime_Misses()
    {
        var cache = new ExpiringCache<string>(_time, TimeSpan.FromSeconds(5), 10);
        cache.Set("a", "value");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(cache.TryGet("a", out _), Is.False);
    }

    [Test]
    public void TryGet_CachedAbsence_HitsWithNull()
    {
        var cache = new ExpiringCache<string>(_time, TimeSpan.FromSeconds(5), 10);
        cache.Set("unknown", null);
        Assert.That(cache.TryGet("unknown", out var value), Is.True);
        Assert.That(value, Is.Null);
    }

    [Test]
    public void Set_BeyondCapacity_StaysBounded()
    {
        var cache = new ExpiringCache<string>(_time, TimeSpan.FromSeconds(5), 100);
        for (var i = 0; i < 10_000; i++)
        {
            cache.Set($"k{i}", null);
        }
        Assert.That(cache.Count, Is.LessThanOrEqualTo(100));
    }

    [Test]
    public void Set_AtTheBound_DropsTheOldestTenthNotEverything()
    {
        var cache = new ExpiringCache<string>(_time, TimeSpan.FromSeconds(5), 100);
        for (var i = 0; i < 100; i++)
        {
            cache.Set($"k{i}", "value");
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        cache.Set("newest", "value");

        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(91));
            Assert.That(cache.TryGetStale("k0", TimeSpan.FromHours(1), out _), Is.False, "the oldest went first (expired ones among them)");
            Assert.That(cache.TryGetStale("k9", TimeSpan.FromHours(1), out _), Is.False);
            Assert.That(cache.TryGet("k99", out _), Is.True, "younger entries stay");
            Assert.That(cache.TryGet("newest", out _), Is.True);
        });
    }

    [Test]
    public void Remove_DropsTheEntry()
    {
        var cache = new ExpiringCache<string>(_time, TimeSpan.FromSeconds(5), 10);
        cache.Set("a", "value");
        cache.Remove("a");
        Assert.That(cache.TryGet("a", out _), Is.False);
    }
}
