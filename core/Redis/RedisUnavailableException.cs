namespace Tollgate.Core.Redis;

/// <summary>Redis did not answer in time, or the circuit breaker is open after repeated failures.</summary>
public sealed class RedisUnavailableException : Exception
{
    public RedisUnavailableException()
        : base("Redis is unavailable.")
    {
    }

    public RedisUnavailableException(string message)
        : base(message)
    {
    }

    public RedisUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
