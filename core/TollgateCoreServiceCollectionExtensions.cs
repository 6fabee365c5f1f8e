using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Billing;
using Tollgate.Core.Billing.Stripe;
using Tollgate.Core.Events;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Limiting.Leases;
using Tollgate.Core.Tiers;

namespace Tollgate.Core;

/// <summary>Registers what both services share. Redis itself comes from <c>AddTollgateRedis</c>.</summary>
public static class TollgateCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tier catalogue, key hashing and stores, the Redis limiter, the account services (tier change,
    /// key issue, deletion), usage history and the audit log; validates their options at start. The billing
    /// provider is the one <c>Billing:Provider</c> names (<see cref="BillingOptions"/>) unless one is registered before.
    /// </summary>
    public static IServiceCollection AddTollgateCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Some services log (e.g. the catalogue reloader); TryAdd semantics keep a host's own logging set-up.
        services.AddLogging();

        services.AddOptions<TierCatalogOptions>().BindConfiguration(TierCatalogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TierCatalogOptions>, TierCatalogOptionsValidator>();
        services.AddSingleton(sp => TierCatalog.From(sp.GetRequiredService<IOptions<TierCatalogOptions>>().Value));
        services.AddHostedService<TierCatalogReloader>();

        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyOptions>, KeyOptionsValidator>();
        services.AddSingleton<ApiKeyHasher>();

        services.AddSingleton<InvalidationPublisher>();
        services.AddSingleton<AccountEventOutbox>();
        services.AddSingleton<IssueKeyScript>();
        services.AddSingleton<IApiKeyStore, RedisApiKeyStore>();
        services.AddSingleton<ChangeTierScript>();
        services.AddSingleton<IAccountStore, RedisAccountStore>();

        services.AddSingleton<SlidingWindowScript>();
        services.AddSingleton<AccountWindowKeys>();
        services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.SectionName)
            .Validate(o => o.InstanceCount > 0, "Limits:InstanceCount must be positive.")
            // By name (the binder would take "1" for Shadow, or FailOpen, silently): see EnumSetting.
            .Validate<IConfiguration>((_, c) => EnumSetting.IsNameOrAbsent<LimitsMode>(c[$"{LimitsOptions.SectionName}:{nameof(LimitsOptions.Mode)}"]),
                $"Limits:Mode must be {EnumSetting.Names<LimitsMode>()}.")
            .Validate<IConfiguration>((_, c) => EnumSetting.IsNameOrAbsent<RedisFailurePolicy>(c[$"{LimitsOptions.SectionName}:{nameof(LimitsOptions.RedisFailurePolicy)}"]),
                $"Limits:RedisFailurePolicy must be {EnumSetting.Names<RedisFailurePolicy>()}.")
            .ValidateOnStart();
        services.AddSingleton<RedisSlidingWindowLimiter>();
        services.AddSingleton<LocalSlidingWindowLimiter>();
        services.AddMetrics();
        services.AddSingleton<LimiterMetrics>();
        services.AddSingleton<ResilientRateLimiter>();
        services.AddSingleton<ExhaustedAccountShortcut>();
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeaseOptions>, LeaseOptionsValidator>();
        services.AddSingleton<ReturnPermitsScript>();
        services.AddSingleton<LeaseLessee>();
        services.AddSingleton<LeasingRateLimiter>();
        // Leases only where they are on and limits are enforced (in shadow mode every request is counted anyway).
        services.AddSingleton<IRateLimiter>(sp =>
            sp.GetRequiredService<IOptions<LeaseOptions>>().Value.Enabled
            && sp.GetRequiredService<IOptions<LimitsOptions>>().Value.Mode == LimitsMode.Enforce
                ? sp.GetRequiredService<LeasingRateLimiter>()
                : sp.GetRequiredService<ExhaustedAccountShortcut>());
        services.AddHostedService<LeaseShutdown>();
        services.AddSingleton<UsageHistoryReader>();

        services.AddOptions<BillingOptions>()
            .BindConfiguration(BillingOptions.SectionName)
            .Validate<IConfiguration>((_, c) => EnumSetting.IsNameOrAbsent<BillingProviderKind>(c[$"{BillingOptions.SectionName}:{nameof(BillingOptions.Provider)}"]),
                $"Billing:Provider must be {EnumSetting.Names<BillingProviderKind>()}.")
            .ValidateOnStart();
        // Unset means Simulated only in Development; anywhere else a forgotten setting must not give paid tiers away.
        services.AddSingleton<IPostConfigureOptions<BillingOptions>>(sp => new PostConfigureOptions<BillingOptions>(Options.DefaultName,
            o => o.Provider ??= sp.GetService<IHostEnvironment>()?.IsDevelopment() == true ? BillingProviderKind.Simulated : BillingProviderKind.None));
        services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>();
        services.TryAddSingleton<IBillingProvider>(sp => sp.GetRequiredService<IOptions<BillingOptions>>().Value.Provider switch
        {
            BillingProviderKind.Simulated => new ImmediateApprovalBillingProvider(),
            BillingProviderKind.Stripe => sp.GetRequiredService<StripeBillingProvider>(),
            _ => new NoPaymentBillingProvider(),
        });
        services.TryAddSingleton<IBillingPortal>(sp => sp.GetRequiredService<IOptions<BillingOptions>>().Value.Provider == BillingProviderKind.Stripe
            ? sp.GetRequiredService<StripeBillingProvider>()
            : new NoBillingPortal());
        services.AddStripeBilling();
        services.AddSingleton<ApplyBillingScript>();
        services.AddSingleton<AccountBillingWriter>();
        services.AddSingleton<KeyAccess>();
        services.AddSingleton<AccountTiers>();
        services.AddSingleton<ApiKeyIssuer>();
        services.AddSingleton<TierChangeService>();
        services.AddSingleton<AccountDeletionService>();
        services.AddSingleton<IAuditLog, RedisAuditLog>();
        return services;
    }

    /// <summary>
    /// Adds the listener of the permit-lease channel, for a service that takes leases or reads usage (the gateway, the admin
    /// API): with it, leases of an account held by this instance come back at once when another instance is refused a
    /// request of the account or reads its usage, a refusal remembered here is forgotten when a lease's permits go back,
    /// and a usage read waits for the leases it asked back. Does nothing where leases are off.
    /// </summary>
    public static IServiceCollection AddPermitLeaseEvents(this IServiceCollection services)
    {
        services.AddHostedService<LeaseEventListener>();
        return services;
    }
}
