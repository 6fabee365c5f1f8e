using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Webhooks.Delivery;
using Tollgate.Webhooks.Endpoints;
using Tollgate.Webhooks.Events;
using Tollgate.Webhooks.Targets;

namespace Tollgate.Webhooks;

/// <summary>Registers webhooks: the endpoint registry for the sides that manage endpoints, the delivery worker for the one that sends.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>The registry, target checks and the shared HTTP answers (admin API, dashboard). Options validated at start.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<RedeliverScript>();
        services.AddSingleton<WebhookRegistry>();
        services.AddSingleton<WebhookChanges>();
        return services;
    }

    /// <summary>
    /// <see cref="AddWebhooks"/> plus the delivery worker, the key-expiry scan and the delivery HTTP client: its own
    /// connection pool, timeout <see cref="WebhookOptions.TimeoutSeconds"/>, no redirects, no proxy, and connections only to
    /// addresses <see cref="WebhookTargets"/> allows (checked at connect time, against DNS rebinding).
    /// </summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddWebhooks();
        services.AddSingleton<PumpScript>();
        services.AddSingleton<RecordAttemptScript>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigureHttpClient((sp, client) =>
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
            });
        services.AddHostedService<WebhookDeliveryWorker>();
        services.AddHostedService<KeyExpiryScanner>();
        return services;
    }
}
