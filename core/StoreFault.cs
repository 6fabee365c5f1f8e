namespace Tollgate.Core;

/// <summary>What went wrong with a call to the store, as the store's classifier (for Redis, <c>Redis.RedisFaults</c>) names it.</summary>
public enum StoreFault
{
    /// <summary>No connection (down, refused, reset), or none that can serve the command.</summary>
    Unreachable,

    /// <summary>No answer within the caller's deadline (hung, overloaded, <c>DEBUG SLEEP</c>), or ran after it.</summary>
    Timeout,

    /// <summary>Refused without trying: the circuit breaker is open after repeated failures.</summary>
    CircuitOpen,

    /// <summary><c>OOM</c>: over <c>maxmemory</c> with nothing to evict; writes are refused.</summary>
    OutOfMemory,

    /// <summary><c>READONLY</c>: the server is a replica (e.g. demoted by a failover); writes are refused.</summary>
    ReadOnly,

    /// <summary><c>MASTERDOWN</c>: a replica that lost its primary and serves no stale data.</summary>
    MasterDown,

    /// <summary><c>LOADING</c>: the server is still loading its dataset after a start.</summary>
    Loading,

    /// <summary><c>BUSY</c>: a script or function runs past the busy threshold and blocks everything else.</summary>
    Busy,

    /// <summary><c>MISCONF</c>: a failing snapshot makes the server refuse writes.</summary>
    Misconfigured,

    /// <summary><c>CLUSTERDOWN</c> or <c>TRYAGAIN</c>: a Redis Cluster that cannot serve the slot now.</summary>
    ClusterDown,

    /// <summary><c>NOSCRIPT</c> even after loading the script again.</summary>
    ScriptMissing,

    /// <summary>
    /// <c>WRONGTYPE</c>: one key holds the wrong kind of value. That is one account's (or one key's) data, not the
    /// server being down: it does not count towards the circuit breaker.
    /// </summary>
    WrongType,

    /// <summary>Any other error reply (e.g. <c>NOPERM</c> after an ACL change, a failing script).</summary>
    ServerError,
}
