namespace Tollgate.Core.Redis;

/// <summary>How the services talk to Redis (<c>Redis</c> section; the address is <c>ConnectionStrings:Redis</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Redis";

    /// <summary>Connection string name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Redis";

    /// <summary>Used when <c>ConnectionStrings:Redis</c> is not set.</summary>
    public const string DefaultConnectionString = "localhost:6379";

    /// <summary>Longest a Redis command may take before the caller gives up, in milliseconds. Default 250.</summary>
    public int TimeoutMs { get; set; } = 250;

    /// <summary>Failed calls in a row after which the circuit breaker opens. Default 3.</summary>
    public int FailuresToOpen { get; set; } = 3;

    /// <summary>Seconds the open breaker refuses calls before probing Redis again. Default 1.</summary>
    public int BreakSeconds { get; set; } = 1;
}
