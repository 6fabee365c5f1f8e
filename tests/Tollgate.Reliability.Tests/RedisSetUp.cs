using Tollgate.Testing;

namespace Tollgate.Reliability.Tests;

/// <summary>One real Redis for the whole assembly (see <see cref="TestRedisSetUp"/>).</summary>
[SetUpFixture]
public sealed class RedisSetUp : TestRedisSetUp;
