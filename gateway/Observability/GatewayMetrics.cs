using System.Diagnostics.Metrics;

namespace Tollgate.Gateway.Observability;

/// <summary>The gateway's own instruments (meter <c>Tollgate.Gateway</c>), exported on <c>/metrics</c>.</summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Tollgate.Gateway";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _keyCacheLookups;
    private readonly Counter<long> _nearLimit;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("tollgate.gateway.requests", "{request}",
            "Requests by route, tier and outcome (admitted, unauthorized, forbidden, limited, client_error, upstream_error, unavailable, shadow_limited).");
        _keyCacheLookups = meter.CreateCounter<long>("tollgate.gateway.key_cache.lookups", "{lookup}",
            "Key and account record lookups by result: hit, miss (read from Redis) or stale (served while Redis is down).");
        _nearLimit = meter.CreateCounter<long>("tollgate.gateway.near_limit", "{event}",
            "Accounts crossing 80% of a window's limit, by window and tier.");
    }

    public void Request(string route, string tier, string outcome) =>
        _requests.Add(1, new("route", route), new("tier", tier), new("outcome", outcome));

    public void KeyCacheLookup(string result) => _keyCacheLookups.Add(1, new KeyValuePair<string, object?>("result", result));

    public void NearLimit(string window, string tier) => _nearLimit.Add(1, new("window", window), new("tier", tier));
}
