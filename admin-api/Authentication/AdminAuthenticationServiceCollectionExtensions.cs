using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tollgate.AdminApi.Authentication;

/// <summary>Registers admin tokens with roles: the bearer scheme, one policy per role and the 403 problem answer.</summary>
internal static class AdminAuthenticationServiceCollectionExtensions
{
    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<AdminTokens>();
        services.AddAuthentication(AdminAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, AdminTokenAuthenticationHandler>(AdminAuthentication.Scheme, configureOptions: null);

        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthentication.Policy, policy => Authenticated(policy).AddRequirements(new AdminRoleRequirement(null)));
        foreach (var role in AdminRoles.All)
        {
            authorization.AddPolicy(AdminPolicies.For(role), policy => Authenticated(policy).AddRequirements(new AdminRoleRequirement(role)));
        }
        services.AddSingleton<IAuthorizationHandler, AdminRoleHandler>();
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AdminForbiddenResultHandler>());
        return services;
    }

    private static AuthorizationPolicyBuilder Authenticated(AuthorizationPolicyBuilder policy) => policy
        .AddAuthenticationSchemes(AdminAuthentication.Scheme)
        .RequireAuthenticatedUser()
        .RequireClaim(AdminAuthentication.TokenIdClaim);
}
