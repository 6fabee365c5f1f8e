using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tollgate.ConsumerSide.Dashboard.Sessions;

namespace Tollgate.ConsumerSide.Dashboard;

/// <summary>Registers the developer dashboard: its options, session store, session-cookie scheme and policy, assets.</summary>
internal static class DashboardServiceCollectionExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<DashboardSessionStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<DashboardAssets>();

        // A scheme of its own: the session cookie never opens /admin, and a bearer token never opens the dashboard.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DashboardSessionHandler>(DashboardAuthentication.Scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(DashboardAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(DashboardAuthentication.KeyIdClaim));
        return builder;
    }
}
