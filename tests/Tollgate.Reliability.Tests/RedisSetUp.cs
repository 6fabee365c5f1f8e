using Tollgate.Testing;

namespace Tollgate.Reliability.Tests;

/// <summary>One real Redis for the assembly's tests that do not start a Redis of their own.</summary>
[SetUpFixture]
public sealed class RedisSetUp
{
    /// <summary>The assembly's Redis; set before any test runs.</summary>
    public static TestRedis Redis { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Redis = await TestRedis.CreateAsync();
        await TestContext.Progress.WriteLineAsync($"Redis for reliability tests: {Redis.Description}");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await Redis.DisposeAsync();
}
