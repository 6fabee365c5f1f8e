using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests;

/// <summary>
/// Each test starts on an empty Redis with the core services of one instance, built over a fake clock
/// that stands at <see cref="Start"/> (a UTC midnight, so bucket and day boundaries fall on round times), and
/// so does Redis's clock, on which the limiter's windows run (<see cref="TestClock"/>). A test that moves time on
/// a Redis whose clock cannot be set is ignored, saying why.
/// </summary>
public abstract class RedisTestBase
{
    /// <summary>Where the fake clock starts: Monday 2 June 2025, 00:00 UTC.</summary>
    protected static readonly DateTimeOffset Start = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    private ServiceProvider? _services;

    protected static TestRedis Redis => RedisSetUp.Redis;

    private TestClock? _time;

    /// <summary>The services' and Redis's time.</summary>
    protected TestClock Time => _time ?? throw new InvalidOperationException("Set-up has not run.");

    /// <summary>The services of one instance (its own Redis connection).</summary>
    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Set-up has not run.");

    protected static IDatabase Db => Redis.Database;

    [SetUp]
    public async Task StartOnEmptyRedisAsync()
    {
        await Redis.FlushAsync();
        _time = TestClock.Start(Redis, Start, Assert.Ignore);
        _services = CoreServices.Build(Redis, Time);
    }

    [TearDown]
    public async Task DisposeServicesAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }
        _time?.Dispose();
        _time = null;
    }

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Limits of a tier of the default catalogue, read through the catalogue the services use.</summary>
    protected TierLimits LimitsOf(string tier) =>
        Get<TierCatalog>().TryGet(tier, out var found) ? found.Limits : throw new ArgumentException($"No tier {tier}.", nameof(tier));
}
