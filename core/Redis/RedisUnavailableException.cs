namespace Tollgate.Core.Redis;

/// <summary>
/// The store failed a call: down, too slow, refusing writes, busy, or one key's data unusable (<see cref="Fault"/>
/// says which). Every Redis failure reaches the services as this one type (see <see cref="RedisFaults"/>), so they
/// all answer it the same way: the gateway's failure policy or a 503, never a 500.
/// </summary>
public sealed class RedisUnavailableException : Exception
{
    public RedisUnavailableException()
        : this(RedisFault.Unreachable, "Redis is unavailable.")
    {
    }

    public RedisUnavailableException(string message)
        : this(RedisFault.Unreachable, message)
    {
    }

    public RedisUnavailableException(string message, Exception innerException)
        : this(RedisFault.Unreachable, message, innerException)
    {
    }

    public RedisUnavailableException(RedisFault fault, string message)
        : base(message)
    {
        Fault = fault;
    }

    public RedisUnavailableException(RedisFault fault, string message, Exception innerException)
        : base(message, innerException)
    {
        Fault = fault;
    }

    /// <summary>What went wrong.</summary>
    public RedisFault Fault { get; }
}
