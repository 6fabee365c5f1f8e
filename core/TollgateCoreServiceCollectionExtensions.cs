using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Core.Accounts;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;

namespace Tollgate.Core;

/// <summary>Registers what both services share. Redis itself comes from <c>AddTollgateRedis</c>.</summary>
public static class TollgateCoreServiceCollectionExtensions
{
    /// <summary>Adds the tier catalogue, key hashing and stores, and the Redis limiter; validates their options at start.</summary>
    public static IServiceCollection AddTollgateCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<TierCatalogOptions>().BindConfiguration(TierCatalogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TierCatalogOptions>, TierCatalogOptionsValidator>();
        services.AddSingleton(sp => TierCatalog.From(sp.GetRequiredService<IOptions<TierCatalogOptions>>().Value));
        services.AddHostedService<TierCatalogReloader>();

        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyOptions>, KeyOptionsValidator>();
        services.AddSingleton<ApiKeyHasher>();

        services.AddSingleton<InvalidationPublisher>();
        services.AddSingleton<IApiKeyStore, RedisApiKeyStore>();
        services.AddSingleton<IAccountStore, RedisAccountStore>();

        services.AddSingleton<SlidingWindowScript>();
        services.AddSingleton<IRateLimiter, RedisSlidingWindowLimiter>();
        return services;
    }
}
