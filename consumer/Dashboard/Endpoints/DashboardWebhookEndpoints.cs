using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tollgate.ConsumerSide.Dashboard.Contracts;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.Core.Events;
using Tollgate.ServiceDefaults.Problems;
using Tollgate.Webhooks;
using Tollgate.Webhooks.Contracts;

namespace Tollgate.ConsumerSide.Dashboard.Endpoints;

/// <summary>
/// <c>/dashboard/api/webhooks</c>: the signed-in account's webhook endpoints and their delivery logs, through
/// <see cref="WebhookChanges"/> (the same target checks, limit, audit and answers as the admin API), the session's key
/// named as the actor. The account is always the session's: an id in the path only picks one of its endpoints.
/// </summary>
internal static class DashboardWebhookEndpoints
{
    private const string Location = "/dashboard/api/webhooks";

    public static RouteGroupBuilder MapDashboardWebhookEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/webhooks", ListWebhooksAsync).WithName("DashboardListWebhooks");
        api.MapPost("/webhooks", CreateWebhookAsync).WithName("DashboardCreateWebhook").AddEndpointFilter<CsrfFilter>();
        api.MapDelete("/webhooks/{webhookId}", DeleteWebhookAsync).WithName("DashboardDeleteWebhook").AddEndpointFilter<CsrfFilter>();
        api.MapPost("/webhooks/{webhookId}/rotate-secret", RotateWebhookSecretAsync)
            .WithName("DashboardRotateWebhookSecret").AddEndpointFilter<CsrfFilter>();
        api.MapGet("/webhooks/{webhookId}/deliveries", ListWebhookDeliveriesAsync).WithName("DashboardListWebhookDeliveries");
        api.MapPost("/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", RedeliverWebhookAsync)
            .WithName("DashboardRedeliverWebhook").AddEndpointFilter<CsrfFilter>();
        return api;
    }

    /// <summary>The account's endpoints, the event types to choose from and how many endpoints it may have.</summary>
    internal static async Task<Ok<DashboardWebhookListResponse>> ListWebhooksAsync(
        DashboardCaller caller, WebhookChanges webhooks, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var list = await webhooks.ListAsync(caller.Account.Id, cancellationToken);
        return TypedResults.Ok(new DashboardWebhookListResponse(options.Value.MaxEndpointsPerAccount, AccountEventTypes.All, list.Webhooks));
    }

    /// <summary>Registers an endpoint; its <c>whsec_</c> secret is in this answer only.</summary>
    internal static Task<Results<Created<WebhookCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateWebhookAsync(
        DashboardCaller caller, CreateWebhookRequest? request, WebhookChanges webhooks, CancellationToken cancellationToken) =>
        webhooks.CreateAsync(caller.Account.Id, request, DashboardKeyEndpoints.Actor(caller), Location, AccountGone, cancellationToken);

    /// <summary>Deletes one of the account's endpoints with its pending deliveries.</summary>
    internal static Task<Results<NoContent, ProblemHttpResult>> DeleteWebhookAsync(
        string webhookId, DashboardCaller caller, WebhookChanges webhooks, CancellationToken cancellationToken) =>
        webhooks.DeleteAsync(caller.Account.Id, webhookId, DashboardKeyEndpoints.Actor(caller), cancellationToken);

    /// <summary>Gives the endpoint a new secret (in this answer only); the previous one keeps signing for a while.</summary>
    internal static Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateWebhookSecretAsync(
        string webhookId, DashboardCaller caller, WebhookChanges webhooks, CancellationToken cancellationToken) =>
        webhooks.RotateSecretAsync(caller.Account.Id, webhookId, DashboardKeyEndpoints.Actor(caller), cancellationToken);

    /// <summary>The endpoint's delivery log, newest first.</summary>
    internal static Task<Results<Ok<WebhookDeliveryListResponse>, ProblemHttpResult>> ListWebhookDeliveriesAsync(
        string webhookId, DashboardCaller caller, WebhookChanges webhooks, CancellationToken cancellationToken) =>
        webhooks.DeliveriesAsync(caller.Account.Id, webhookId, cancellationToken);

    /// <summary>Sends a logged delivery again, now, with the same message id.</summary>
    internal static Task<Results<Accepted, ProblemHttpResult>> RedeliverWebhookAsync(
        string webhookId, string deliveryId, DashboardCaller caller, WebhookChanges webhooks, CancellationToken cancellationToken) =>
        webhooks.RedeliverAsync(caller.Account.Id, webhookId, deliveryId, DashboardKeyEndpoints.Actor(caller), cancellationToken);

    private static ProblemHttpResult AccountGone() => ProblemCatalog.AccountNotFound.Result("Your account no longer exists.");
}
