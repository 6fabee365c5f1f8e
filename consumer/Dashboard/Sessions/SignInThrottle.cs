using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.ConsumerSide.Dashboard.Sessions;

/// <summary>
/// Limits sign-in attempts per client in Redis (shared by every instance): a client may have
/// <see cref="DashboardOptions.SignInFailureLimit"/> failed attempts per fixed window of
/// <see cref="DashboardOptions.SignInFailureWindow"/>, then waits for the window to end. Keys are far too random to
/// guess; this keeps the sign-in form from being a cheap oracle for lists of leaked or made-up keys.
/// </summary>
/// <remarks>
/// Atomic: one script both checks and counts an attempt before the key is looked at, so parallel attempts cannot
/// all pass the check before any is counted; an attempt that succeeds (or never named a key) is then given back,
/// so successes count nothing. A client is an IPv4 address, or an IPv6 /64 (what one subscriber usually holds
/// whole, so hopping addresses within it gains nothing).
/// </remarks>
internal sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<DashboardOptions> options)
{
    // KEYS[1] the client's counter; ARGV[1] the limit; ARGV[2] the window in ms.
    // Returns -1 when the attempt may go ahead (it is counted), else the ms until the window ends.
    private const string BeginScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count >= tonumber(ARGV[1]) then
          local left = redis.call('PTTL', KEYS[1])
          if left < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            left = tonumber(ARGV[2])
          end
          return left
        end
        redis.call('INCR', KEYS[1])
        if redis.call('PTTL', KEYS[1]) < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return -1
        """;

    // Gives one attempt back, never below zero and never creating a counter the window has already dropped.
    private const string ForgiveScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count > 0 then
          redis.call('DECR', KEYS[1])
        end
        return 0
        """;

    /// <summary>
    /// Counts an attempt of <paramref name="client"/> (see <see cref="ClientOf"/>) and gives null when it may go
    /// ahead, or how long it must wait (the attempt is then not counted).
    /// </summary>
    public async Task<TimeSpan?> TryBeginAsync(string client, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = options.Value;
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            BeginScript,
            [RedisKeys.DashboardSignInFailures(client)],
            [settings.SignInFailureLimit, (long)settings.SignInFailureWindow.TotalMilliseconds]).ConfigureAwait(false);
        var left = (long)result;
        return left < 0 ? null : TimeSpan.FromMilliseconds(Math.Max(left, 1));
    }

    /// <summary>Gives back the attempt <see cref="TryBeginAsync"/> counted: it succeeded, or never named a key.</summary>
    public async Task ForgiveAsync(string client, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().ScriptEvaluateAsync(ForgiveScript, [RedisKeys.DashboardSignInFailures(client)]).ConfigureAwait(false);
    }

    /// <summary>The client a throttle counter belongs to: an IPv4 address, or the /64 of an IPv6 one; "unknown" without an address.</summary>
    public static string ClientOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
