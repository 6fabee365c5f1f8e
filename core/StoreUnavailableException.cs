namespace Tollgate.Core;

/// <summary>
/// The store behind the keys and the limits failed a call: down, too slow, refusing writes, busy, or one key's data
/// unusable (<see cref="Fault"/> says which). The one exception core lets out for a store fault, whatever the store:
/// the guard (<c>Redis.RedisGuard</c>) turns every failure it sees into it, and the limiter never lets another one
/// through. Every service maps it the same way: the shared handler of service-defaults answers 503
/// <c>store-unavailable</c>; only the gateway's proxy path answers with its outage policy instead.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : this(StoreFault.Unreachable, "The store is unavailable.")
    {
    }

    public StoreUnavailableException(string message)
        : this(StoreFault.Unreachable, message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : this(StoreFault.Unreachable, message, innerException)
    {
    }

    public StoreUnavailableException(StoreFault fault, string message)
        : base(message)
    {
        Fault = fault;
    }

    public StoreUnavailableException(StoreFault fault, string message, Exception innerException)
        : base(message, innerException)
    {
        Fault = fault;
    }

    /// <summary>What went wrong.</summary>
    public StoreFault Fault { get; }
}
