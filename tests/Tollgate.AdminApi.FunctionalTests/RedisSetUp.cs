using Tollgate.Testing;

namespace Tollgate.AdminApi.FunctionalTests;

/// <summary>One real Redis for the whole assembly (see <see cref="TestRedisSetUp"/>).</summary>
[SetUpFixture]
public sealed class RedisSetUp : TestRedisSetUp;
