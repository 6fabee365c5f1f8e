using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Audit;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Contracts;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Keys;
using Tollgate.AdminApi.Problems;
using Tollgate.SelfService.Problems;
using Tollgate.Core;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using static Tollgate.AdminApi.Accounts.AccountEndpoints;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Keys;

/// <summary><c>/admin/accounts/{id}/keys</c>: issue, list, revoke and rotate an account's API keys.</summary>
internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts/{id}/keys").WithTags("Keys");
        group.MapPost("/", CreateKey)
            .RequireAuthorization(AdminPolicies.Support)
            .WithName(nameof(CreateKey))
            .WithDescription(
                "Issues a key; api_key is in this answer only. Refused with 409 (urn:tollgate:problem:key-limit-reached) when the " +
                "account already holds as many active keys as its tier allows; the check is atomic, so concurrent requests cannot overshoot.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListKeys)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(ListKeys))
            .WithDescription("Every key the account has had, oldest first, with its status. Never a secret, never a hash.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{keyId}", GetKey)
            .RequireAuthorization(AdminPolicies.Read)
            .WithName(nameof(GetKey))
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{keyId}", RevokeKey)
            .RequireAuthorization(AdminPolicies.Support)
            .WithName(nameof(RevokeKey))
            .WithDescription("Revokes the key on every gateway within a second. Revoking a revoked key is a no-op.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{keyId}/rotate", RotateKey)
            .RequireAuthorization(AdminPolicies.Support)
            .WithName(nameof(RotateKey))
            .WithDescription(
                "Issues a new key with the same name, expiry, scopes and networks. The old key keeps working for grace_period_seconds " +
                $"(0 to {(int)ApiKeyIssuer.MaxGracePeriod.TotalSeconds}, default 0: revoked at once); gateways are told.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    /// <summary>Issues a key within the tier's key limit.</summary>
    internal static async Task<Results<Created<KeyCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateKey(
        string id,
        CreateKeyRequest? request,
        KeyChanges keyChanges,
        KeyRequestValidator validator,
        ClaimsPrincipal admin,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return FieldErrors.Single("body", "A JSON body {\"name\", \"expires_at\"?, \"scopes\"?, \"allowed_ips\"?} is required.");
        }
        if (!IsAccountId(id))
        {
            return AccountNotFound(id);
        }
        var errors = new FieldErrors();
        var newKey = validator.Validate(request, errors);
        if (newKey is null)
        {
            return errors.ToResult();
        }

        return await keyChanges.IssueAsync(id, newKey, AdminAuthentication.ActorOf(admin), $"/admin/accounts/{id}/keys",
            () => AccountNotFound(id), cancellationToken);
    }

    /// <summary>Lists every key of the account.</summary>
    internal static async Task<Results<Ok<KeyListResponse>, ProblemHttpResult>> ListKeys(
        string id, IAccountStore accounts, IApiKeyStore keys, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!IsAccountId(id) || await accounts.GetAsync(id, cancellationToken) is null)
        {
            return AccountNotFound(id);
        }
        var now = timeProvider.GetUtcNow();
        var records = await keys.ListAsync(id, cancellationToken);
        return TypedResults.Ok(new KeyListResponse(id, [.. records.Select(k => KeyResponse.From(k, now))]));
    }

    /// <summary>Reads one key of the account.</summary>
    internal static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> GetKey(
        string id, string keyId, IApiKeyStore keys, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var key = IsAccountId(id) && IsKeyId(keyId) ? await keys.GetAsync(id, keyId, cancellationToken) : null;
        return key is null ? KeyNotFound(id, keyId) : TypedResults.Ok(KeyResponse.From(key, timeProvider.GetUtcNow()));
    }

    /// <summary>Revokes one key.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        string id, string keyId, KeyChanges keyChanges, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        // Revoking again is idempotent and not a new change; it still re-announces the revocation to the gateways.
        var key = IsAccountId(id) && IsKeyId(keyId)
            ? await keyChanges.RevokeAsync(id, keyId, AdminAuthentication.ActorOf(admin), cancellationToken)
            : null;
        return key is null ? KeyNotFound(id, keyId) : TypedResults.NoContent();
    }

    /// <summary>Replaces a key by a new one, giving the old one a grace period.</summary>
    internal static async Task<Results<Created<KeyCreatedResponse>, ValidationProblem, ProblemHttpResult>> RotateKey(
        string id,
        string keyId,
        RotateKeyRequest? request,
        ApiKeyIssuer issuer,
        TimeProvider timeProvider,
        ChangeAudit audit,
        ClaimsPrincipal admin,
        CancellationToken cancellationToken)
    {
        var graceSeconds = request?.GracePeriodSeconds ?? 0;
        var maxGrace = (int)ApiKeyIssuer.MaxGracePeriod.TotalSeconds;
        if (graceSeconds < 0 || graceSeconds > maxGrace)
        {
            return FieldErrors.Single("grace_period_seconds", $"'grace_period_seconds' must be between 0 and {maxGrace} (7 days).");
        }
        if (!IsAccountId(id) || !IsKeyId(keyId))
        {
            return KeyNotFound(id, keyId);
        }

        var result = await issuer.RotateAsync(id, keyId, TimeSpan.FromSeconds(graceSeconds), cancellationToken);
        if (result is not KeyIssueResult.Issued { Replaced: { } replaced } issued)
        {
            return Refusal(result, id, keyId);
        }
        var record = issued.Key.Record;
        await audit.RecordAsync(AdminAuthentication.ActorOf(admin), AuditActions.KeyRotated, id, keyId, new Dictionary<string, string>
        {
            ["new_key_id"] = record.KeyId,
            ["new_prefix"] = record.Prefix,
            ["grace_period_seconds"] = graceSeconds.ToString(CultureInfo.InvariantCulture),
        });
        return TypedResults.Created($"/admin/accounts/{id}/keys/{record.KeyId}",
            KeyCreatedResponse.From(issued.Key, KeyResponse.From(replaced, timeProvider.GetUtcNow())));
    }

    private static ProblemHttpResult Refusal(KeyIssueResult result, string accountId, string? keyId) =>
        KeyChanges.Refusal(result, () => KeyNotFound(accountId, keyId ?? ""), () => AccountNotFound(accountId));

    private static bool IsKeyId(string keyId) => Ids.IsWellFormed(keyId, Ids.KeyMarker);

    private static ProblemHttpResult KeyNotFound(string accountId, string keyId) =>
        ProblemCatalog.KeyNotFound.Result($"The account '{Echo.Of(accountId)}' has no key '{Echo.Of(keyId)}'.");
}
