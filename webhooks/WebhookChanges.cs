using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;
using Tollgate.Core.Events;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Problems;
using Tollgate.ServiceDefaults.Problems;
using Tollgate.Webhooks.Contracts;
using Tollgate.Webhooks.Endpoints;
using Tollgate.Webhooks.Targets;

namespace Tollgate.Webhooks;

/// <summary>
/// What the admin API and the dashboard do to an account's webhook endpoints, answered the same way on both sides:
/// register (URL checked by <see cref="WebhookTargets"/>), list, delete, rotate the secret, read the delivery log and
/// redeliver. Changes are audited; a secret is in the registration and rotation answers only, never in a log line.
/// Callers check the account id's form and, where they need it, that the account exists.
/// </summary>
internal sealed class WebhookChanges(WebhookRegistry registry, WebhookTargets targets, ChangeAudit audit, IOptions<WebhookOptions> options)
{
    /// <summary>Registers an endpoint; its secret is in this answer only, at <paramref name="location"/> + its id.</summary>
    public async Task<Results<Created<WebhookCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string accountId, CreateWebhookRequest? request, AuditActor actor, string location, Func<ProblemHttpResult> accountNotFound,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return FieldErrors.Single("body", "A JSON body {\"url\", \"events\"?} is required.");
        }
        var errors = new FieldErrors();
        if (targets.CheckForm(request.Url, out var url) is { } badUrl)
        {
            errors.Add("url", badUrl);
        }
        var events = (request.Events ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (events.FirstOrDefault(e => !AccountEventTypes.All.Contains(e)) is { } unknown)
        {
            errors.Add("events", $"Unknown event type '{Echo.Of(unknown)}'; known: {string.Join(", ", AccountEventTypes.All)}.");
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        if (await targets.CheckReachableAsync(url!, cancellationToken) is { } refused)
        {
            return FieldErrors.Single("url", refused, ProblemCatalog.WebhookTargetRefused);
        }

        var result = await registry.CreateAsync(accountId, url!, events, cancellationToken);
        switch (result)
        {
            case RegistrationResult.Created created:
                var endpoint = created.Endpoint;
                await audit.RecordAsync(actor, AuditActions.WebhookCreated, accountId, details: new Dictionary<string, string>
                {
                    ["webhook_id"] = endpoint.Id,
                    ["host"] = url!.Host,
                    ["events"] = string.Join(' ', endpoint.Events),
                });
                return TypedResults.Created($"{location}/{endpoint.Id}",
                    new WebhookCreatedResponse(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.CreatedAt, created.Secret));
            case RegistrationResult.LimitReached limit:
                return ProblemCatalog.WebhookLimitReached.Result(
                    $"The account has {limit.Max} webhook endpoints, as many as allowed; delete one first.",
                    new Dictionary<string, object?> { ["max_webhooks"] = limit.Max });
            default:
                return accountNotFound();
        }
    }

    /// <summary>The account's endpoints, without secrets.</summary>
    public async Task<WebhookListResponse> ListAsync(string accountId, CancellationToken cancellationToken) =>
        new(accountId, [.. (await registry.ListAsync(accountId, cancellationToken)).Select(WebhookResponse.From)]);

    /// <summary>Deletes an endpoint with its pending deliveries.</summary>
    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string accountId, string webhookId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!WebhookRegistry.IsEndpointId(webhookId) || !await registry.DeleteAsync(accountId, webhookId, cancellationToken))
        {
            return NotFound(accountId, webhookId);
        }
        await audit.RecordAsync(actor, AuditActions.WebhookDeleted, accountId, details: new Dictionary<string, string> { ["webhook_id"] = webhookId });
        return TypedResults.NoContent();
    }

    /// <summary>Gives the endpoint a new secret; the previous one keeps signing for a while.</summary>
    public async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateSecretAsync(
        string accountId, string webhookId, AuditActor actor, CancellationToken cancellationToken)
    {
        var rotated = WebhookRegistry.IsEndpointId(webhookId) ? await registry.RotateSecretAsync(accountId, webhookId, cancellationToken) : null;
        if (rotated is not var (secret, previousUntil))
        {
            return NotFound(accountId, webhookId);
        }
        await audit.RecordAsync(actor, AuditActions.WebhookSecretRotated, accountId, details: new Dictionary<string, string>
        {
            ["webhook_id"] = webhookId,
            ["previous_secret_expires_at"] = previousUntil.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
        return TypedResults.Ok(new WebhookSecretResponse(webhookId, secret, previousUntil));
    }

    /// <summary>The endpoint's delivery log, newest first.</summary>
    public async Task<Results<Ok<WebhookDeliveryListResponse>, ProblemHttpResult>> DeliveriesAsync(
        string accountId, string webhookId, CancellationToken cancellationToken)
    {
        if (!WebhookRegistry.IsEndpointId(webhookId) || await registry.GetAsync(accountId, webhookId, cancellationToken) is null)
        {
            return NotFound(accountId, webhookId);
        }
        var deliveries = await registry.DeliveriesAsync(accountId, webhookId, options.Value.DeliveryLogSize, cancellationToken);
        return TypedResults.Ok(new WebhookDeliveryListResponse(webhookId, [.. deliveries.Select(WebhookDeliveryResponse.From)]));
    }

    /// <summary>Sends a logged delivery again (same message id), now, with a new day of retries.</summary>
    public async Task<Results<Accepted, ProblemHttpResult>> RedeliverAsync(
        string accountId, string webhookId, string deliveryId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!WebhookRegistry.IsEndpointId(webhookId) || await registry.GetAsync(accountId, webhookId, cancellationToken) is null)
        {
            return NotFound(accountId, webhookId);
        }
        if (!WebhookRegistry.IsMessageId(deliveryId) || !await registry.RedeliverAsync(accountId, webhookId, deliveryId, cancellationToken))
        {
            return ProblemCatalog.WebhookDeliveryNotFound.Result(
                $"The webhook endpoint '{webhookId}' has no delivery '{Echo.Of(deliveryId)}' in its log.");
        }
        await audit.RecordAsync(actor, AuditActions.WebhookRedelivered, accountId, details: new Dictionary<string, string>
        {
            ["webhook_id"] = webhookId,
            ["delivery_id"] = deliveryId,
        });
        return TypedResults.Accepted((string?)null);
    }

    private static ProblemHttpResult NotFound(string accountId, string webhookId) =>
        ProblemCatalog.WebhookNotFound.Result($"The account '{accountId}' has no webhook endpoint '{Echo.Of(webhookId)}'.");
}
