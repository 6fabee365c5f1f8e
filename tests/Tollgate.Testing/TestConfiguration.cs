using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tollgate.Core.Tiers;

namespace Tollgate.Testing;

/// <summary>
/// Configuration as the services read it, in memory: the default tier catalogue of SPEC.md, a test
/// hash secret and the Redis connection string.
/// </summary>
public static class TestConfiguration
{
    /// <summary>A 40-character <c>Keys:HashSecret</c>, for tests only.</summary>
    public const string HashSecret = "tollgate-test-secret-not-for-production!";

    /// <summary>
    /// <c>Redis:TimeoutMs</c> in tests: well above production's 250 ms, so a busy test machine does not
    /// turn a slow reply into a failure. Fault tests that want the real timeout override it.
    /// </summary>
    public const int RedisTimeoutMs = 5000;

    /// <summary>The default catalogue of SPEC.md, as typed options (a new, mutable copy per call).</summary>
    public static TierCatalogOptions DefaultTiers() => new()
    {
        ["free"] = Tier("Free", 0, 60, 1_000, 10_000, 2, "current", "forecast-7day"),
        ["pro"] = Tier("Pro", 29, 600, 10_000, 250_000, 10, "current", "forecast-7day", "forecast-hourly"),
        ["business"] = Tier("Business", 99, 3_000, 50_000, 1_000_000, 50, "current", "forecast-7day", "forecast-hourly", "historical"),
        ["enterprise"] = Tier("Enterprise", 499, 10_000, 200_000, 5_000_000, 200,
            "current", "forecast-7day", "forecast-hourly", "historical", "bulk"),
    };

    /// <summary>
    /// The flat configuration: <c>Tiers:&lt;name&gt;:&lt;Property&gt;</c> for <see cref="DefaultTiers"/>,
    /// <c>Keys:HashSecret</c>, <c>Redis:TimeoutMs</c> and, when given, <c>ConnectionStrings:Redis</c>.
    /// </summary>
    public static Dictionary<string, string?> Values(string? redisConnectionString = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Keys:HashSecret"] = HashSecret,
            ["Redis:TimeoutMs"] = RedisTimeoutMs.ToString(CultureInfo.InvariantCulture),
            // Webhook delivery polls Redis in the background; tests that count a gateway's Redis calls must not see it, and
            // one suite's deliveries must not go out from another's gateways. Webhook tests turn it on.
            ["Webhooks:DeliveryEnabled"] = "false",
            // A gateway's start-up warm-up sends itself requests for seconds before it is ready; WarmUpTests turn it on.
            ["Gateway:WarmUp:MaxDurationMs"] = "0",
        };
        if (redisConnectionString is not null)
        {
            values["ConnectionStrings:Redis"] = redisConnectionString;
        }
        foreach (var (name, tier) in DefaultTiers())
        {
            var at = $"{TierCatalogOptions.SectionName}:{name}:";
            values[at + nameof(TierOptions.DisplayName)] = tier.DisplayName;
            values[at + nameof(TierOptions.PriceMonthly)] = tier.PriceMonthly.ToString(CultureInfo.InvariantCulture);
            values[at + nameof(TierOptions.RequestsPerHour)] = tier.RequestsPerHour.ToString(CultureInfo.InvariantCulture);
            values[at + nameof(TierOptions.RequestsPerDay)] = tier.RequestsPerDay.ToString(CultureInfo.InvariantCulture);
            values[at + nameof(TierOptions.RequestsPerMonth)] = tier.RequestsPerMonth.ToString(CultureInfo.InvariantCulture);
            values[at + nameof(TierOptions.MaxKeys)] = tier.MaxKeys.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < tier.Features.Count; i++)
            {
                values[$"{at}{nameof(TierOptions.Features)}:{i}"] = tier.Features[i];
            }
        }
        return values;
    }

    /// <summary>
    /// <see cref="Values"/> for a service host, without the tiers: a service reads its tier catalogue from the
    /// repository's root <c>appsettings.json</c>, as in production (and a test can edit that file to reload it).
    /// </summary>
    public static Dictionary<string, string?> ServiceValues(string redisConnectionString) =>
        Values(redisConnectionString)
            .Where(p => !p.Key.StartsWith(TierCatalogOptions.SectionName + ":", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <see cref="Values"/> with <paramref name="overrides"/> laid over it as a later source, the way
    /// environment variables override <c>appsettings.json</c>.
    /// </summary>
    public static IConfigurationRoot Build(string? redisConnectionString = null, IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(Values(redisConnectionString))
            .AddInMemoryCollection(overrides ?? [])
            .Build();

    private static TierOptions Tier(string displayName, decimal price, long hour, long day, long month, int maxKeys, params string[] features) =>
        new()
        {
            DisplayName = displayName,
            PriceMonthly = price,
            RequestsPerHour = hour,
            RequestsPerDay = day,
            RequestsPerMonth = month,
            MaxKeys = maxKeys,
            Features = [.. features],
        };
}
