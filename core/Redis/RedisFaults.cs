using StackExchange.Redis;

namespace Tollgate.Core.Redis;

/// <summary>
/// The one place that decides which exceptions of StackExchange.Redis are the store failing rather than a bug,
/// and turns them into <see cref="RedisUnavailableException"/>, the one exception every service maps to its outage
/// answer (the gateway's failure policy or 503, the admin API's and the dashboard's 503). <see cref="RedisGuard"/>
/// classifies every call it runs with it; services whose calls do not go through the guard (the admin API) classify
/// what reaches their error handler with it.
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
    private static readonly (string Code, RedisFault Fault)[] Codes =
    [
        ("OOM", RedisFault.OutOfMemory),
        ("READONLY", RedisFault.ReadOnly),
        ("MASTERDOWN", RedisFault.MasterDown),
        ("LOADING", RedisFault.Loading),
        ("BUSY", RedisFault.Busy),
        ("MISCONF", RedisFault.Misconfigured),
        ("CLUSTERDOWN", RedisFault.ClusterDown),
        ("TRYAGAIN", RedisFault.ClusterDown),
        ("NOSCRIPT", RedisFault.ScriptMissing),
        ("WRONGTYPE", RedisFault.WrongType),
    ];

    /// <summary>
    /// <paramref name="exception"/> as the store failing, or null when it is something else (a cancellation, a bug:
    /// those keep their own handling). An exception that already is a <see cref="RedisUnavailableException"/> is returned as is.
    /// </summary>
    public static RedisUnavailableException? Classify(Exception exception) => exception switch
    {
        RedisUnavailableException unavailable => unavailable,
        RedisServerException server => new RedisUnavailableException(FaultOf(server.Message), server.Message, server),
        RedisConnectionException connection => new RedisUnavailableException(RedisFault.Unreachable, "Redis is not reachable.", connection),
        TimeoutException timeout => new RedisUnavailableException(RedisFault.Timeout, "Redis did not answer in time.", timeout),
        _ => null,
    };

    /// <summary>True when the fault says Redis as a whole is unwell, so the circuit breaker counts it.</summary>
    public static bool IsServerWide(RedisFault fault) => fault != RedisFault.WrongType;

    /// <summary>The fault an error reply names by its leading code.</summary>
    internal static RedisFault FaultOf(string reply)
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
        return reply.Contains(" WRONGTYPE ", StringComparison.Ordinal) ? RedisFault.WrongType : RedisFault.ServerError;
    }
}
