using Microsoft.Extensions.DependencyInjection;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Keys;
using Tollgate.SelfService.Tiers;
using Tollgate.SelfService.Usage;

namespace Tollgate.SelfService;

/// <summary>Registers the self-service layer both sides use; core must be registered too.</summary>
public static class SelfServiceServiceCollectionExtensions
{
    public static IServiceCollection AddSelfService(this IServiceCollection services)
    {
        services.AddSingleton<ChangeAudit>();
        services.AddSingleton<KeyRequestValidator>();
        services.AddSingleton<TierChanges>();
        services.AddSingleton<KeyChanges>();
        services.AddSingleton<AccountUsage>();
        return services;
    }
}
