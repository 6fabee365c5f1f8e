using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests;

/// <summary>One real Redis for the whole assembly (see <see cref="TestRedis"/> for where it comes from).</summary>
[SetUpFixture]
public sealed class RedisSetUp
{
    private static TestRedis? _redis;

    /// <summary>The assembly's Redis; set before any test runs.</summary>
    public static TestRedis Redis => _redis ?? throw new InvalidOperationException("The Redis set-up fixture has not run.");

    [OneTimeSetUp]
    public async Task StartRedisAsync()
    {
        _redis = await TestRedis.CreateAsync();
        await TestContext.Progress.WriteLineAsync($"Redis for core integration tests: {_redis.Description}");
    }

    [OneTimeTearDown]
    public async Task StopRedisAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
            _redis = null;
        }
    }
}
