using NUnit.Framework;

namespace Tollgate.Testing;

/// <summary>
/// One real Redis for a whole test assembly (see <see cref="TestRedis"/> for where it comes from). Each assembly
/// derives one <c>[SetUpFixture]</c> from it in its root namespace (<c>RedisSetUp</c>); the hosts here use
/// <see cref="Redis"/> unless told another connection string.
/// </summary>
public abstract class TestRedisSetUp
{
    private static TestRedis? _redis;

    /// <summary>The assembly's Redis; set before any test runs.</summary>
    public static TestRedis Redis => _redis ?? throw new InvalidOperationException("The assembly's Redis set-up fixture has not run.");

    [OneTimeSetUp]
    public async Task StartRedisAsync()
    {
        _redis = await TestRedis.CreateAsync().ConfigureAwait(false);
        await TestContext.Progress.WriteLineAsync($"Redis for {GetType().Assembly.GetName().Name}: {_redis.Description}").ConfigureAwait(false);
    }

    [OneTimeTearDown]
    public async Task StopRedisAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
            _redis = null;
        }
    }
}
