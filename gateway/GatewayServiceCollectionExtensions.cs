using System.Text.Json;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using Tollgate.ConsumerSide;
using Tollgate.Core;
using Tollgate.Core.Billing.Stripe;
using Tollgate.Core.Redis;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.ConsumerSide;
using Tollgate.Gateway.Forwarding;
using Tollgate.Gateway.Health;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Hosting.WarmUp;
using Tollgate.Gateway.Limiting;
using Tollgate.Gateway.Observability;
using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Protection;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Verification;
using Microsoft.Extensions.Options;
using Tollgate.ServiceDefaults;
using Tollgate.Webhooks;

namespace Tollgate.Gateway;

/// <summary>Registers the gateway: shared core, key cache, proxy pipeline steps and YARP from configuration.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHostedService<ThreadPoolWarmUp>();
        services.AddOptions<WarmUpOptions>()
            .BindConfiguration(WarmUpOptions.SectionName)
            .Validate(o => o.MaxDurationMs is >= 0 and <= 120_000, "Gateway:WarmUp:MaxDurationMs must be between 0 and 120000.")
            .Validate(o => o.Connections is >= 1 and <= 16, "Gateway:WarmUp:Connections must be between 1 and 16.")
            .ValidateOnStart();
        services.AddSingleton<WarmUpState>();
        services.AddSingleton<WarmUpRoute>();
        services.AddHostedService<WarmUpService>();
        services.AddTollgateRedis(builder.Configuration);
        services.AddTollgateCore();
        services.AddPermitLeaseEvents();
        services.AddBillingGracePeriods();
        services.AddWebhookDelivery();
        services.AddOverageMetering();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<ProblemWriter>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<YarpCountersBridge>();
        services.AddSingleton<UpstreamHealthMetrics>();
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(GatewayTracing.SourceName));
        services.AddClientAddress();

        services.AddOptions<KeyCacheOptions>()
            .BindConfiguration(KeyCacheOptions.SectionName)
            .Validate(o => o.LifetimeSeconds is >= 0 and <= 3600, "Gateway:KeyCache:LifetimeSeconds must be between 0 and 3600.")
            .Validate(o => o.MaxEntries > 0, "Gateway:KeyCache:MaxEntries must be positive.")
            .Validate(o => o.StaleSeconds >= 0, "Gateway:KeyCache:StaleSeconds must not be negative.")
            .Validate(o => o.NegativeSeconds is >= 0 and <= 300, "Gateway:KeyCache:NegativeSeconds must be between 0 and 300.")
            .Validate(o => o.MaxUnknownKeys > 0, "Gateway:KeyCache:MaxUnknownKeys must be positive.")
            .Validate(o => o.WarmKeys is >= 0 and <= 1_000_000, "Gateway:KeyCache:WarmKeys must be between 0 and 1000000.")
            .Validate(o => o.WarmRecentSeconds is > 0 and <= 86_400, "Gateway:KeyCache:WarmRecentSeconds must be between 1 and 86400.")
            .Validate(o => o.WarmPublishSeconds is > 0 and <= 3600, "Gateway:KeyCache:WarmPublishSeconds must be between 1 and 3600.")
            .ValidateOnStart();
        services.AddSingleton<KeyRecordCache>();
        services.AddHostedService<KeyCacheWarmer>();
        services.AddSingleton<ConsumerResolver>();
        services.AddSingleton<ConsumerAuthenticator>();
        services.AddHostedService<CacheInvalidationListener>();
        services.AddSingleton<IConsumerKeys, GatewayConsumerKeys>();
        builder.AddConsumerSide();
        services.AddOptions<AuthFailureLimitOptions>()
            .BindConfiguration(AuthFailureLimitOptions.SectionName)
            .Validate(o => o.Burst > 0, "Gateway:AuthFailureLimit:Burst must be positive.")
            .Validate(o => o.PerMinute is > 0 and <= 60_000, "Gateway:AuthFailureLimit:PerMinute must be between 1 and 60000.")
            .Validate(o => o.MaxBlockedAddresses > 0, "Gateway:AuthFailureLimit:MaxBlockedAddresses must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AuthFailureThrottle>();
        services.AddOptions<KeyVerificationOptions>().BindConfiguration(KeyVerificationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyVerificationOptions>, KeyVerificationOptionsValidator>();
        services.AddSingleton<VerifyTokens>();

        services.AddSingleton<RoutePolicies>();
        // The response cache shares the one multiplexer rather than opening its own connection.
        services.AddStackExchangeRedisCache(o => o.InstanceName = RedisKeys.ResponseCachePrefix);
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((o, redis) =>
            o.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        services.AddRateLimitHeaders();

        services.AddHealthChecks()
            .AddCheck<UpstreamClustersHealthCheck>("upstream", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<WarmUpHealthCheck>("warm-up", tags: [HealthEndpoints.ReadyTag]);

        services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            // The start-up warm-up's route, there only while it runs (WarmUpRoute).
            .LoadFromMemory([], [])
            .AddConfigFilter<RoutePolicyConfigFilter>()
            .AddTransforms(ConsumerHeaders.Apply);
        return builder;
    }
}
