using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.AdminApi.Contracts;
using Tollgate.AdminApi.Dashboard.Contracts;
using Tollgate.AdminApi.Dashboard.Sessions;
using Tollgate.AdminApi.Keys;
using Tollgate.AdminApi.Problems;
using Tollgate.Core;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Dashboard.Endpoints;

/// <summary>
/// <c>/dashboard/api/keys</c>: the signed-in account's keys, issued through <see cref="ApiKeyIssuer"/> (the tier's
/// key limit, checked atomically) and revoked through <see cref="IApiKeyStore"/>, as in the admin API.
/// </summary>
internal static class DashboardKeyEndpoints
{
    public static RouteGroupBuilder MapDashboardKeyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/keys", ListKeysAsync).WithName("DashboardListKeys");
        api.MapPost("/keys", CreateKeyAsync).WithName("DashboardCreateKey").AddEndpointFilter<CsrfFilter>();
        api.MapDelete("/keys/{keyId}", RevokeKeyAsync).WithName("DashboardRevokeKey").AddEndpointFilter<CsrfFilter>();
        return api;
    }

    /// <summary>Every key of the account, with the day each was last used, and the tier's key limit.</summary>
    internal static async Task<Ok<DashboardKeyListResponse>> ListKeysAsync(
        DashboardCaller caller,
        IApiKeyStore keys,
        UsageHistoryReader history,
        TierCatalog catalog,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var records = keys.ListAsync(caller.Account.Id, cancellationToken);
        // "Last used" to the day: the gateways count usage per key and UTC day, kept for 90 days.
        var usage = history.ReadAsync(caller.Account.Id, UsageHistoryReader.MaxDays, cancellationToken);
        await Task.WhenAll(records, usage);
        var lastUsed = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var day in await usage)
        {
            foreach (var (keyId, count) in day.ByKey)
            {
                if (count > 0)
                {
                    lastUsed[keyId] = day.Date;
                }
            }
        }

        var now = timeProvider.GetUtcNow();
        var list = (await records)
            .Select(k => new DashboardKeyResponse(
                k.KeyId, k.Name, k.Prefix, k.CreatedAt, k.ExpiresAt, k.RevokedAt, KeyResponse.StatusOf(k, now), k.Scopes,
                lastUsed.TryGetValue(k.KeyId, out var date) ? date : null,
                CurrentSession: k.KeyId == caller.Key.KeyId))
            .ToList();
        var maxKeys = catalog.TryGet(caller.Account.Tier, out var tier) ? tier.MaxKeys : 0;
        return TypedResults.Ok(new DashboardKeyListResponse(list.Count(k => k.Status == "active"), maxKeys, list));
    }

    /// <summary>
    /// Issues a key within the tier's key limit and within the session key's rights (<see cref="KeyAccess.Narrow"/>:
    /// its scopes, networks and expiry); the raw key is in this answer only.
    /// </summary>
    internal static async Task<Results<Created<KeyCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        DashboardCaller caller,
        DashboardCreateKeyRequest? request,
        ApiKeyIssuer issuer,
        KeyRequestValidator validator,
        DashboardAudit audit,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return FieldErrors.Single("body", "A JSON body {\"name\", \"expires_at\"?, \"scopes\"?, \"allowed_ips\"?} is required.");
        }
        var errors = new FieldErrors();
        var asked = validator.Validate(new CreateKeyRequest(request.Name, request.ExpiresAt, request.Scopes, request.AllowedIps), errors);
        if (asked is null)
        {
            return errors.ToResult();
        }
        var grant = KeyAccess.Narrow(caller.Key, asked);
        if (grant.Key is not { } newKey)
        {
            return ProblemCatalog.KeyWiderThanSession.Result(grant.Refusal!, new Dictionary<string, object?> { ["field"] = grant.Field });
        }

        var result = await issuer.IssueAsync(caller.Account.Id, newKey, cancellationToken);
        if (result is not KeyIssueResult.Issued issued)
        {
            return result switch
            {
                KeyIssueResult.KeyLimitReached limit => ProblemCatalog.KeyLimitReached.Result(
                    $"Your plan allows {limit.MaxKeys} active keys and you have {limit.ActiveKeys}. Revoke a key or move to a larger plan first.",
                    new Dictionary<string, object?> { ["active_keys"] = limit.ActiveKeys, ["max_keys"] = limit.MaxKeys }),
                KeyIssueResult.TierUnavailable tier => ProblemCatalog.TierUnavailable.Result(
                    $"Your tier '{tier.Tier}' is no longer offered, so its key limit is unknown; choose another plan first."),
                _ => ProblemCatalog.ConcurrentChange.Result("Your plan changed while the key was being issued; try again."),
            };
        }
        var record = issued.Key.Record;
        await audit.RecordAsync(caller, AuditActions.KeyCreated, record.KeyId, new Dictionary<string, string>
        {
            ["name"] = record.Name,
            ["prefix"] = record.Prefix,
            ["expires_at"] = record.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ["scopes"] = string.Join(' ', record.Scopes),
            ["allowed_ips"] = string.Join(' ', record.AllowedIps),
        });
        return TypedResults.Created($"/dashboard/api/keys/{record.KeyId}", KeyCreatedResponse.From(issued.Key));
    }

    /// <summary>
    /// Revokes one of the account's keys on every gateway. Revoking the key the session was opened with ends the
    /// session too (the answer says so and the cookie is cleared).
    /// </summary>
    internal static async Task<Results<Ok<KeyRevokedResponse>, ProblemHttpResult>> RevokeKeyAsync(
        string keyId,
        DashboardCaller caller,
        HttpContext context,
        IApiKeyStore keys,
        DashboardSessionStore sessions,
        DashboardAudit audit,
        CancellationToken cancellationToken)
    {
        var accountId = caller.Account.Id;
        var key = Ids.IsWellFormed(keyId, Ids.KeyMarker) ? await keys.GetAsync(accountId, keyId, cancellationToken) : null;
        if (key is null)
        {
            return ProblemCatalog.KeyNotFound.Result($"Your account has no key '{Echo.Of(keyId)}'.");
        }
        await keys.RevokeAsync(accountId, keyId, cancellationToken);
        if (key.RevokedAt is null)
        {
            await audit.RecordAsync(caller, AuditActions.KeyRevoked, keyId,
                new Dictionary<string, string> { ["name"] = key.Name, ["prefix"] = key.Prefix });
        }
        var revoked = await keys.GetAsync(accountId, keyId, cancellationToken);

        var sessionEnded = keyId == caller.Key.KeyId;
        if (sessionEnded)
        {
            await sessions.DeleteAsync(caller.SessionId, cancellationToken);
            DashboardCookies.ClearSession(context.Response);
        }
        return TypedResults.Ok(new KeyRevokedResponse(keyId, revoked?.RevokedAt, sessionEnded));
    }
}
