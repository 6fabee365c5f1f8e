using System.Diagnostics.Metrics;

namespace Tollgate.Gateway.Observability;

/// <summary>The gateway's own instruments (meter <c>Tollgate.Gateway</c>), exported on <c>/metrics</c>.</summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Tollgate.Gateway";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _nearLimit;

    // Key-cache lookups are counted here and read by the instrument at each collection: a keyed request makes two (key and
    // account), and a counter's Add with a tag costs the metrics SDK's lookup of its series on every call, 25–38 ns
    // against 5 for an increment (MetricsBenchmarks, BENCHMARKS.md "Ninth pass").
    private long _keyCacheHits;
    private long _keyCacheMisses;
    private long _keyCacheStale;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("tollgate.gateway.requests", "{request}",
            "Requests by route, tier and outcome (admitted, unauthorized, forbidden, limited, client_error, upstream_error, unavailable, shadow_limited).");
        meter.CreateObservableCounter("tollgate.gateway.key_cache.lookups", ObserveKeyCacheLookups, "{lookup}",
            "Key and account record lookups by result: hit, miss (read from Redis) or stale (served while Redis is down).");
        _nearLimit = meter.CreateCounter<long>("tollgate.gateway.near_limit", "{event}",
            "Accounts crossing 80% of a window's limit, by window and tier.");
    }

    public void Request(string route, string tier, string outcome) =>
        _requests.Add(1, new("route", route), new("tier", tier), new("outcome", outcome));

    /// <summary>A key or account record served from the cache.</summary>
    public void KeyCacheHit() => Interlocked.Increment(ref _keyCacheHits);

    /// <summary>A key or account record read from Redis.</summary>
    public void KeyCacheMiss() => Interlocked.Increment(ref _keyCacheMisses);

    /// <summary>A key or account record past its lifetime served because Redis failed.</summary>
    public void KeyCacheStale() => Interlocked.Increment(ref _keyCacheStale);

    public void NearLimit(string window, string tier) => _nearLimit.Add(1, new("window", window), new("tier", tier));

    private IEnumerable<Measurement<long>> ObserveKeyCacheLookups() =>
    [
        new(Interlocked.Read(ref _keyCacheHits), new KeyValuePair<string, object?>("result", "hit")),
        new(Interlocked.Read(ref _keyCacheMisses), new KeyValuePair<string, object?>("result", "miss")),
        new(Interlocked.Read(ref _keyCacheStale), new KeyValuePair<string, object?>("result", "stale")),
    ];
}
