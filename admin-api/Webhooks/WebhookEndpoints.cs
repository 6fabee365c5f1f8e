using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Authentication;
using Tollgate.Core.Accounts;
using Tollgate.Webhooks;
using Tollgate.Webhooks.Contracts;
using static Tollgate.AdminApi.Accounts.AccountEndpoints;

namespace Tollgate.AdminApi.Webhooks;

/// <summary><c>/admin/accounts/{id}/webhooks</c>: register, list, delete and rotate an account's webhook endpoints; read and redeliver their deliveries.</summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts/{id}/webhooks").WithTags("Webhooks");
        group.MapPost("/", CreateWebhook)
            .RequireAuthorization(AdminPolicies.Support)
            .WithName(nameof(CreateWebhook))
            .WithDescription(
                "Registers an endpoint for the account's events (events absent or empty: all). The answer holds its Standard Webhooks " +
                "secret (whsec_…), shown this once. The URL must be https on a public network: a host resolving to a private, loopback or " +
                "link-local address is refused with 400 (urn:tollgate:problem:webhook-target-refused) unless Webhooks:AllowPrivateNetworks.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListWebhooks)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(ListWebhooks))
            .WithDescription("The account's endpoints, oldest first. Never a secret.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{webhookId}", DeleteWebhook)
            .RequireAuthorization(AdminPolicies.Support)
            .WithName(nameof(DeleteWebhook))
            .WithDescription("Deletes the endpoint; its pending deliveries are dropped.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{webhookId}/rotate-secret", RotateWebhookSecret)
            .RequireAuthorization(AdminPolicies.Support)
            .WithName(nameof(RotateWebhookSecret))
            .WithDescription(
                "Gives the endpoint a new secret (in this answer only). Until previous_secret_expires_at (Webhooks:PreviousSecretHours, " +
                "default 24) deliveries carry a signature by each secret, so the receiver can switch without missing one.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{webhookId}/deliveries", ListWebhookDeliveries)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(ListWebhookDeliveries))
            .WithDescription("The endpoint's delivery log, newest first: status, attempts, the receiver's last answer, the next attempt.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{webhookId}/deliveries/{deliveryId}/redeliver", RedeliverWebhook)
            .RequireAuthorization(AdminPolicies.Support)
            .WithName(nameof(RedeliverWebhook))
            .WithDescription("Sends a logged delivery again, now, with the same webhook-id (receivers deduplicate by it) and a new day of retries.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    /// <summary>Registers an endpoint.</summary>
    internal static async Task<Results<Created<WebhookCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateWebhook(
        string id, CreateWebhookRequest? request, WebhookChanges webhooks, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        if (!IsAccountId(id))
        {
            return AccountNotFound(id);
        }
        return await webhooks.CreateAsync(id, request, AdminAuthentication.ActorOf(admin), $"/admin/accounts/{id}/webhooks",
            () => AccountNotFound(id), cancellationToken);
    }

    /// <summary>Lists the account's endpoints.</summary>
    internal static async Task<Results<Ok<WebhookListResponse>, ProblemHttpResult>> ListWebhooks(
        string id, IAccountStore accounts, WebhookChanges webhooks, CancellationToken cancellationToken)
    {
        if (!IsAccountId(id) || await accounts.GetAsync(id, cancellationToken) is null)
        {
            return AccountNotFound(id);
        }
        return TypedResults.Ok(await webhooks.ListAsync(id, cancellationToken));
    }

    /// <summary>Deletes an endpoint.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(
        string id, string webhookId, WebhookChanges webhooks, ClaimsPrincipal admin, CancellationToken cancellationToken) =>
        IsAccountId(id) ? await webhooks.DeleteAsync(id, webhookId, AdminAuthentication.ActorOf(admin), cancellationToken) : AccountNotFound(id);

    /// <summary>Rotates an endpoint's secret.</summary>
    internal static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateWebhookSecret(
        string id, string webhookId, WebhookChanges webhooks, ClaimsPrincipal admin, CancellationToken cancellationToken) =>
        IsAccountId(id) ? await webhooks.RotateSecretAsync(id, webhookId, AdminAuthentication.ActorOf(admin), cancellationToken) : AccountNotFound(id);

    /// <summary>Reads an endpoint's delivery log.</summary>
    internal static async Task<Results<Ok<WebhookDeliveryListResponse>, ProblemHttpResult>> ListWebhookDeliveries(
        string id, string webhookId, WebhookChanges webhooks, CancellationToken cancellationToken) =>
        IsAccountId(id) ? await webhooks.DeliveriesAsync(id, webhookId, cancellationToken) : AccountNotFound(id);

    /// <summary>Redelivers one logged delivery.</summary>
    internal static async Task<Results<Accepted, ProblemHttpResult>> RedeliverWebhook(
        string id, string webhookId, string deliveryId, WebhookChanges webhooks, ClaimsPrincipal admin, CancellationToken cancellationToken) =>
        IsAccountId(id)
            ? await webhooks.RedeliverAsync(id, webhookId, deliveryId, AdminAuthentication.ActorOf(admin), cancellationToken)
            : AccountNotFound(id);
}
