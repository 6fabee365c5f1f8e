using Microsoft.Extensions.Options;
using Tollgate.ServiceDefaults.Forwarding;

namespace Tollgate.Gateway.Forwarding;

/// <summary>
/// The real client of a request: ASP.NET's forwarded-headers step, believing only <see cref="ClientAddressOptions.TrustedProxies"/>.
/// </summary>
/// <remarks>
/// Its defaults trust loopback; here nothing is trusted unless configured, so a process on the gateway's host cannot
/// claim any address either. A chain of trusted proxies is walked right to left until the first address that is not one.
/// What the upstreams (and the dashboard behind the gateway) then receive in <c>X-Forwarded-For</c>/<c>-Proto</c> is set
/// by the proxy from that result, replacing whatever the client sent (YARP's default forwarded transforms, action Set).
/// </remarks>
internal static class ClientAddressServiceCollectionExtensions
{
    public static IServiceCollection AddClientAddress(this IServiceCollection services)
    {
        services.AddOptions<ClientAddressOptions>().BindConfiguration(ClientAddressOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClientAddressOptions>, ClientAddressOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ClientAddressOptions>>((forwarded, client) =>
            {
                // Nothing but the configured proxies, and a chain of them walked to its first untrusted address.
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                forwarded.ForwardLimit = null;
                TrustedProxies.Trust(forwarded, client.Value.TrustedProxies);
            });
        return services;
    }

    /// <summary>
    /// First in the pipeline, so every later step (allowed_ips, logs, what is forwarded to the dashboard) sees the
    /// real client. Not at all without trusted proxies: the middleware with empty known lists trusts every peer.
    /// </summary>
    public static WebApplication UseClientAddress(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ClientAddressOptions>>().Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
