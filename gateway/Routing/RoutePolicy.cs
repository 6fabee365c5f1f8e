using Tollgate.Gateway.Limiting;

namespace Tollgate.Gateway.Routing;

/// <summary>How the gateway treats one route, read from the route's <c>Metadata</c>.</summary>
/// <param name="RequiresKey">Whether a valid API key is needed (metadata <c>RequiresKey</c>, default true).</param>
/// <param name="CountsTowardLimits">Whether an admitted request counts against the account's windows
/// (metadata <c>CountsTowardLimits</c>, default true; ignored when no key is required).</param>
/// <param name="Feature">Tier feature the route needs (metadata <c>Feature</c>), or null for none.</param>
/// <param name="CacheSeconds">How long successful GET answers are cached in Redis and shared by all callers
/// (metadata <c>CacheSeconds</c>, default 0 = not cached). Only for routes whose answer does not depend on the caller.</param>
/// <param name="RateLimitHeaders">The rate-limit fields the route's counted answers carry (metadata <c>RateLimitHeaders</c>:
/// <c>draft11</c>, <c>draft7</c> or <c>legacy</c>), or null for the gateway's <c>Gateway:RateLimitHeaders</c>.</param>
/// <param name="Cost">Units one request of the route takes from every window of the account (metadata <c>Cost</c>,
/// a whole number from 1 to <see cref="MaxCost"/>, default 1).</param>
internal sealed record RoutePolicy(
    bool RequiresKey, bool CountsTowardLimits, string? Feature, int CacheSeconds = 0, RateLimitHeaderFormat? RateLimitHeaders = null, int Cost = 1)
{
    /// <summary>Largest cost a route may declare: more than any sensible tier's hourly limit, far from overflowing a count.</summary>
    public const int MaxCost = 1_000_000;

    /// <summary>Metadata key: the units one request of the route takes from every window.</summary>
    public const string CostKey = "Cost";

    /// <summary>Longest cache lifetime a route may ask for: one day.</summary>
    public const int MaxCacheSeconds = 86_400;

    /// <summary>Metadata key: does the route need an API key ("true"/"false").</summary>
    public const string RequiresKeyKey = "RequiresKey";

    /// <summary>Metadata key: do admitted requests count against the limits ("true"/"false").</summary>
    public const string CountsTowardLimitsKey = "CountsTowardLimits";

    /// <summary>Metadata key: the tier feature the route needs.</summary>
    public const string FeatureKey = "Feature";

    /// <summary>Metadata key: seconds successful GET answers are cached.</summary>
    public const string CacheSecondsKey = "CacheSeconds";

    /// <summary>Metadata key: the rate-limit fields of the route's answers, overriding <c>Gateway:RateLimitHeaders</c>.</summary>
    public const string RateLimitHeadersKey = "RateLimitHeaders";

    /// <summary>What a route without metadata gets: closed by default.</summary>
    public static readonly RoutePolicy Default = new(RequiresKey: true, CountsTowardLimits: true, Feature: null);

    /// <summary>Reads a route's metadata; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(IReadOnlyDictionary<string, string>? metadata, out RoutePolicy policy, out string? error)
    {
        policy = Default;
        error = null;
        if (metadata is null || metadata.Count == 0)
        {
            return true;
        }
        if (!TryReadBool(metadata, RequiresKeyKey, true, out var requiresKey, ref error)
            || !TryReadBool(metadata, CountsTowardLimitsKey, true, out var counts, ref error))
        {
            return false;
        }
        var feature = metadata.TryGetValue(FeatureKey, out var f) && !string.IsNullOrWhiteSpace(f) ? f.Trim() : null;
        if (feature is not null && !requiresKey)
        {
            error = $"'{FeatureKey}' needs a key to know the tier, but '{RequiresKeyKey}' is false.";
            return false;
        }
        var cacheSeconds = 0;
        if (metadata.TryGetValue(CacheSecondsKey, out var c) && !string.IsNullOrWhiteSpace(c)
            && (!int.TryParse(c, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cacheSeconds)
                || cacheSeconds > MaxCacheSeconds))
        {
            error = $"'{CacheSecondsKey}' must be a whole number of seconds from 0 to {MaxCacheSeconds}, not '{c}'.";
            return false;
        }
        RateLimitHeaderFormat? headers = null;
        if (metadata.TryGetValue(RateLimitHeadersKey, out var h) && !string.IsNullOrWhiteSpace(h))
        {
            if (!RateLimitHeaderOptions.TryParse(h, out var format))
            {
                error = $"'{RateLimitHeadersKey}' must be {RateLimitHeaderOptions.Choices}, not '{h}'.";
                return false;
            }
            headers = format;
        }
        var cost = 1;
        if (metadata.TryGetValue(CostKey, out var k) && !string.IsNullOrWhiteSpace(k)
            && (!int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cost)
                || cost is < 1 or > MaxCost))
        {
            error = $"'{CostKey}' must be a whole number of units from 1 to {MaxCost}, not '{k}'.";
            return false;
        }
        policy = new RoutePolicy(requiresKey, requiresKey && counts, feature, cacheSeconds, headers, cost);
        return true;
    }

    private static bool TryReadBool(IReadOnlyDictionary<string, string> metadata, string key, bool fallback, out bool value, ref string? error)
    {
        value = fallback;
        if (!metadata.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (bool.TryParse(text, out value))
        {
            return true;
        }
        error = $"'{key}' must be true or false, not '{text}'.";
        return false;
    }
}
