using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Protection;

/// <summary>
/// Counts failed authentications per client address (<see cref="ClientPartition"/>) in a token bucket each
/// (<see cref="AuthFailureLimitOptions"/>), and remembers the addresses that have run theirs dry until a
/// failure is due again. Local to this instance: it protects this gateway's Redis calls, so it needs none.
/// </summary>
internal sealed partial class AuthFailureThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<UInt128> _failures;
    private readonly ConcurrentDictionary<UInt128, long> _refusedUntil = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AuthFailureThrottle> _logger;
    private readonly bool _enabled;
    private readonly int _maxRefused;
    private readonly TimeSpan _period;

    public AuthFailureThrottle(IOptions<AuthFailureLimitOptions> options, TimeProvider timeProvider, ILogger<AuthFailureThrottle> logger)
    {
        var limit = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _enabled = limit.Enabled;
        _maxRefused = limit.MaxBlockedAddresses;
        _period = TimeSpan.FromMinutes(1) / limit.PerMinute;
        // The partitioned limiter replenishes all buckets from one timer and drops those that have been full
        // (idle) for a while, so an address that stopped failing costs nothing after that.
        _failures = PartitionedRateLimiter.Create<UInt128, UInt128>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = _period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>
    /// True while <paramref name="client"/> has no failed authentication left; <paramref name="retryAfter"/>
    /// then says when it will have one. Lock-free and allocation-free: it runs for every request.
    /// </summary>
    public bool IsRefused(IPAddress? client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        // Not IsEmpty: on an empty dictionary that takes every lock, a lookup takes none.
        var partition = ClientPartition.Of(client);
        if (!_refusedUntil.TryGetValue(partition, out var until))
        {
            return false;
        }
        var now = _timeProvider.GetTimestamp();
        if (now >= until)
        {
            _refusedUntil.TryRemove(new KeyValuePair<UInt128, long>(partition, until));
            return false;
        }
        retryAfter = _timeProvider.GetElapsedTime(now, until);
        return true;
    }

    /// <summary>Counts one failed authentication of <paramref name="client"/>; the one that empties its bucket starts a refusal.</summary>
    public void RecordFailure(IPAddress? client)
    {
        if (!_enabled)
        {
            return;
        }
        var partition = ClientPartition.Of(client);
        using var lease = _failures.AttemptAcquire(partition);
        if (lease.IsAcquired)
        {
            return;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : _period;
        if (_refusedUntil.Count >= _maxRefused)
        {
            Forget();
        }
        var now = _timeProvider.GetTimestamp();
        _refusedUntil[partition] = now + (long)(retryAfter.TotalSeconds * _timeProvider.TimestampFrequency);
        Log.Refusing(_logger, client, (int)Math.Ceiling(retryAfter.TotalSeconds));
    }

    public void Dispose() => _failures.Dispose();

    /// <summary>Makes room: first the refusals that have ended; if that is not enough, all of them.</summary>
    private void Forget()
    {
        var now = _timeProvider.GetTimestamp();
        foreach (var pair in _refusedUntil)
        {
            if (pair.Value <= now)
            {
                _refusedUntil.TryRemove(pair);
            }
        }
        if (_refusedUntil.Count >= _maxRefused)
        {
            _refusedUntil.Clear();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information,
            "Client {Client} made too many failed authentications; requests with unrecognised keys refused for {Seconds} s.")]
        public static partial void Refusing(ILogger logger, IPAddress? client, int seconds);
    }
}
