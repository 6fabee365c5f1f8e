using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.SelfService.Contracts;
using Tollgate.ConsumerSide.Dashboard.Contracts;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.SelfService.Keys;
using Tollgate.SelfService.Problems;
using Tollgate.Core;
using Tollgate.SelfService.Audit;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Accounts;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Endpoints;

/// <summary>
/// <c>/dashboard/api/keys</c>: the signed-in account's keys, issued and revoked through <see cref="KeyChanges"/>
/// (the tier's key limit, checked atomically), as in the admin API.
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
        AccountTiers tiers,
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
            .Select(k => KeyResponse.From(k, now) with
            {
                LastUsedOn = lastUsed.TryGetValue(k.KeyId, out var date) ? date : null,
                CurrentSession = k.KeyId == caller.Key.KeyId,
            })
            .ToList();
        var maxKeys = tiers.TryGet(caller.Account, out var tier) ? tier.MaxKeys : 0;
        return TypedResults.Ok(new DashboardKeyListResponse(list.Count(k => k.Status == "active"), maxKeys, list));
    }

    /// <summary>
    /// Issues a key within the tier's key limit and within the session key's rights (<see cref="KeyAccess.Narrow"/>:
    /// its scopes, networks and expiry); the raw key is in this answer only.
    /// </summary>
    internal static async Task<Results<Created<KeyCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        DashboardCaller caller,
        DashboardCreateKeyRequest? request,
        KeyChanges keyChanges,
        KeyRequestValidator validator,
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

        return await keyChanges.IssueAsync(caller.Account.Id, newKey, Actor(caller), "/dashboard/api/keys",
            () => ProblemCatalog.AccountNotFound.Result("Your account no longer exists."), cancellationToken);
    }

    /// <summary>
    /// Revokes one of the account's keys on every gateway. Revoking the key the session was opened with ends the
    /// session too (the answer says so and the cookie is cleared).
    /// </summary>
    internal static async Task<Results<Ok<KeyRevokedResponse>, ProblemHttpResult>> RevokeKeyAsync(
        string keyId,
        DashboardCaller caller,
        HttpContext context,
        KeyChanges keyChanges,
        DashboardSessionStore sessions,
        CancellationToken cancellationToken)
    {
        var revoked = Ids.IsWellFormed(keyId, Ids.KeyMarker)
            ? await keyChanges.RevokeAsync(caller.Account.Id, keyId, Actor(caller), cancellationToken)
            : null;
        if (revoked is null)
        {
            return ProblemCatalog.KeyNotFound.Result($"Your account has no key '{Echo.Of(keyId)}'.");
        }

        var sessionEnded = keyId == caller.Key.KeyId;
        if (sessionEnded)
        {
            await sessions.DeleteAsync(caller.SessionId, cancellationToken);
            DashboardCookies.ClearSession(context.Response);
        }
        return TypedResults.Ok(new KeyRevokedResponse(keyId, revoked.RevokedAt, sessionEnded));
    }

    /// <summary>The audit log's name for a change made in a session: the key that opened it, via the dashboard.</summary>
    internal static AuditActor Actor(DashboardCaller caller) => AuditActor.Key(caller.Key.KeyId, "dashboard");
}
