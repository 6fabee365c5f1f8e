using StackExchange.Redis;

namespace Tollgate.Core.Redis;

/// <summary>
/// The one place that decides which exceptions of StackExchange.Redis are the store failing rather than a bug,
/// and turns them into <see cref="StoreUnavailableException"/>, the one exception every service maps to its outage
/// answer (the gateway's failure policy on the proxy path, else 503 <c>store-unavailable</c>). <see cref="RedisGuard"/>
/// classifies every call it runs with it; the shared exception handler of service-defaults asks it about what reaches
/// it from a call that did not go through the guard (the admin API's stores), so no code outside this folder ever
/// names a StackExchange.Redis exception.
/// </summary>
/// <remarks>
/// StackExchange.Redis reports a server's error reply as <see cref="RedisServerException"/> whose message starts with
/// the reply's error code (<c>OOM command not allowed…</c>, <c>READONLY You can't write against a read only
/// replica.</c>, <c>BUSY Redis is busy running a script…</c>); the same holds for a command a Lua script calls
/// (Redis 7 passes the callee's code through, with a <c>script:</c> suffix). A dead or refusing server is
/// <see cref="RedisConnectionException"/>, also when the multiplexer has no server that can take the command (a
/// write while its only server is a replica); a late answer is <see cref="RedisTimeoutException"/>, and a deadline
/// of our own a <see cref="TimeoutException"/>.
/// </remarks>
public static class RedisFaults
{
    private static readonly (string Code, StoreFault Fault)[] Codes =
    [
        ("OOM", StoreFault.OutOfMemory),
        ("READONLY", StoreFault.ReadOnly),
        ("MASTERDOWN", StoreFault.MasterDown),
        ("LOADING", StoreFault.Loading),
        ("BUSY", StoreFault.Busy),
        ("MISCONF", StoreFault.Misconfigured),
        ("CLUSTERDOWN", StoreFault.ClusterDown),
        ("TRYAGAIN", StoreFault.ClusterDown),
        ("NOSCRIPT", StoreFault.ScriptMissing),
        ("WRONGTYPE", StoreFault.WrongType),
    ];

    /// <summary>
    /// <paramref name="exception"/> as the store failing, or null when it is something else (a cancellation, a bug:
    /// those keep their own handling). An exception that already is a <see cref="StoreUnavailableException"/> is returned as is.
    /// </summary>
    public static StoreUnavailableException? Classify(Exception exception) => exception switch
    {
        StoreUnavailableException unavailable => unavailable,
        RedisServerException server => new StoreUnavailableException(FaultOf(server.Message), server.Message, server),
        RedisConnectionException connection => new StoreUnavailableException(StoreFault.Unreachable, "Redis is not reachable.", connection),
        TimeoutException timeout => new StoreUnavailableException(StoreFault.Timeout, "Redis did not answer in time.", timeout),
        _ => null,
    };

    /// <summary>True when the fault says Redis as a whole is unwell, so the circuit breaker counts it.</summary>
    public static bool IsServerWide(StoreFault fault) => fault != StoreFault.WrongType;

    /// <summary>The fault an error reply names by its leading code.</summary>
    internal static StoreFault FaultOf(string reply)
    {
        foreach (var (code, fault) in Codes)
        {
            if (reply.StartsWith(code, StringComparison.Ordinal)
                && (reply.Length == code.Length || reply[code.Length] == ' '))
            {
                return fault;
            }
        }
        // Older servers wrap a script's failing call: "ERR Error running script …: WRONGTYPE Operation against…".
        return reply.Contains(" WRONGTYPE ", StringComparison.Ordinal) ? StoreFault.WrongType : StoreFault.ServerError;
    }
}
