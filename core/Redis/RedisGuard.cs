using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Tollgate.Core.Redis;

/// <summary>
/// Runs a Redis call with a hard deadline (<see cref="RedisOptions.TimeoutMs"/>; the client's own timeout
/// is only checked about once a second) behind a circuit breaker: after
/// <see cref="RedisOptions.FailuresToOpen"/> failures in a row, or while the connection is down, calls fail
/// at once for <see cref="RedisOptions.BreakSeconds"/>, then one call at a time probes Redis again. So an
/// outage costs a request nothing, and recovery needs no restart.
/// </summary>
/// <remarks>
/// Every failure of a call becomes a <see cref="StoreUnavailableException"/>, core's storage-neutral exception
/// (<see cref="RedisFaults"/> decides which exceptions are failures): not only a dead or hung Redis but one that refuses writes (OOM, READONLY,
/// MISCONF), serves nothing (MASTERDOWN, LOADING, BUSY) or errs otherwise. All of them count towards the breaker
/// except WRONGTYPE: a key of the wrong type is one account's data, and must not open the breaker for everyone;
/// it neither counts as a failure nor proves Redis well.
/// The breaker's state is the gauge <c>tollgate.redis.breaker.open</c> of the meter <see cref="MeterName"/>.
/// </remarks>
public sealed class RedisGuard
{
    /// <summary>Name of the meter of the breaker's gauge, for exporters to subscribe to.</summary>
    public const string MeterName = "Tollgate.Redis";

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _breakDuration;
    private readonly int _failuresToOpen;
    private readonly Lock _gate = new();

    private int _consecutiveFailures;
    private long _openUntil;     // timestamp; 0 when closed
    private bool _probeInFlight;

    public RedisGuard(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider timeProvider, IMeterFactory meterFactory)
    {
        _redis = redis;
        _timeProvider = timeProvider;
        _timeout = TimeSpan.FromMilliseconds(options.Value.TimeoutMs);
        _breakDuration = TimeSpan.FromSeconds(options.Value.BreakSeconds);
        _failuresToOpen = options.Value.FailuresToOpen;
        // Read at each scrape: the breaker's state then needs no traffic to be current (a counter of openings would
        // not say whether it is still open, and an open breaker is what the operators' alert is about).
        meterFactory.Create(MeterName).CreateObservableGauge("tollgate.redis.breaker.open", () => IsOpen ? 1 : 0, "{state}",
            "1 while calls to Redis fail at once without being tried (connection down, or the breaker open and no probe due); else 0.");
    }

    /// <summary>
    /// How long a caller waits for Redis (<see cref="RedisOptions.TimeoutMs"/>): the deadline of every call the guard
    /// runs, and the one a caller that waits for a shared call (the limiter's batches) keeps to, so that no caller
    /// holds its own copy of the setting.
    /// </summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>
    /// True while a call would be refused without trying Redis: the connection is down, or the breaker is open and
    /// its break has not run out or its probe is still out. (Once the break has run out on a live connection, the
    /// next call probes Redis; with no traffic the breaker stays formally open, but refuses nothing.)
    /// </summary>
    public bool IsOpen
    {
        get
        {
            if (!_redis.IsConnected)
            {
                return true;
            }
            lock (_gate)
            {
                return _openUntil != 0 && (_timeProvider.GetTimestamp() < _openUntil || _probeInFlight);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> within <see cref="RedisOptions.TimeoutMs"/>, or throws <see cref="StoreUnavailableException"/>
    /// when Redis is known down, too slow, or answers with an error (<see cref="RedisFaults"/>).
    /// </summary>
    public Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) => RunAsync(call, _timeout, cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/>, waiting at most <paramref name="timeout"/> (at most <see cref="RedisOptions.TimeoutMs"/>:
    /// a call made for several waiting requests waits as long as the last of them still does). One call is one success or
    /// one failure for the breaker, however many requests wait for it.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probing = Enter();
        try
        {
            var result = await call().WaitAsync(timeout < _timeout ? timeout : _timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            Succeeded();
            return result;
        }
        catch (Exception e) when (RedisFaults.Classify(e) is { } unavailable)
        {
            // A key of the wrong type is one account's data, not Redis being down: it must not shut everyone out.
            if (RedisFaults.IsServerWide(unavailable.Fault))
            {
                Failed();
            }
            if (ReferenceEquals(unavailable, e))
            {
                throw;
            }
            throw unavailable;
        }
        finally
        {
            if (probing)
            {
                lock (_gate)
                {
                    _probeInFlight = false;
                }
            }
        }
    }

    /// <summary>Admits the call or throws; true when the call is the half-open probe.</summary>
    private bool Enter()
    {
        // The common case, a closed breaker and a live connection, takes no lock.
        if (Volatile.Read(ref _openUntil) == 0 && _redis.IsConnected)
        {
            return false;
        }
        lock (_gate)
        {
            if (_openUntil == 0)
            {
                if (_redis.IsConnected)
                {
                    return false;
                }
                Open();
                throw new StoreUnavailableException(StoreFault.Unreachable, "Redis is not connected.");
            }
            if (_timeProvider.GetTimestamp() < _openUntil || _probeInFlight)
            {
                throw new StoreUnavailableException(StoreFault.CircuitOpen, "Redis is unavailable; circuit open.");
            }
            if (!_redis.IsConnected)
            {
                Open();
                throw new StoreUnavailableException(StoreFault.Unreachable, "Redis is not connected.");
            }
            _probeInFlight = true;
            return true;
        }
    }

    private void Succeeded()
    {
        if (Volatile.Read(ref _consecutiveFailures) == 0 && Volatile.Read(ref _openUntil) == 0)
        {
            return;
        }
        lock (_gate)
        {
            _consecutiveFailures = 0;
            _openUntil = 0;
        }
    }

    private void Failed()
    {
        lock (_gate)
        {
            if (++_consecutiveFailures >= _failuresToOpen || _openUntil != 0)
            {
                Open();
            }
        }
    }

    private void Open() =>
        Volatile.Write(ref _openUntil, _timeProvider.GetTimestamp() + (long)(_breakDuration.TotalSeconds * _timeProvider.TimestampFrequency));
}
