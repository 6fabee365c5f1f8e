namespace Tollgate.Testing;

/// <summary>Where the Redis of a <see cref="TestRedis"/> comes from.</summary>
public enum TestRedisMode
{
    /// <summary>An existing server named by the <c>ConnectionStrings__Redis</c> environment variable.</summary>
    Environment,

    /// <summary>A throwaway container started through Testcontainers.</summary>
    Container,

    /// <summary>A <c>redis-server</c> process from PATH, owned by the fixture; the only mode that can be stopped and restarted.</summary>
    LocalProcess,
}
