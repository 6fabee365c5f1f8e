using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core.Audit;
using Tollgate.Core.Events;
using Tollgate.Core.Keys;
using Tollgate.SelfService.Audit;
using Tollgate.SelfService.Contracts;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.SelfService.Keys;

/// <summary>
/// Issuing and revoking a key as every side does it: within the tier's key limit (<see cref="ApiKeyIssuer"/>, atomic),
/// recorded by <see cref="ChangeAudit"/>, and a refusal answered by the one mapping of <see cref="KeyIssueResult"/>.
/// </summary>
public sealed class KeyChanges(ApiKeyIssuer issuer, IApiKeyStore keys, ChangeAudit audit, AccountEventOutbox events)
{
    /// <summary>Issues <paramref name="newKey"/>; the raw key is in this answer only, at <paramref name="location"/> + its id.</summary>
    public async Task<Results<Created<KeyCreatedResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        string accountId,
        NewApiKey newKey,
        AuditActor actor,
        string location,
        Func<ProblemHttpResult> accountNotFound,
        CancellationToken cancellationToken)
    {
        var result = await issuer.IssueAsync(accountId, newKey, cancellationToken);
        if (result is not KeyIssueResult.Issued issued)
        {
            return Refusal(result, accountNotFound, accountNotFound);
        }
        var record = issued.Key.Record;
        await audit.RecordAsync(actor, AuditActions.KeyCreated, accountId, record.KeyId, new Dictionary<string, string>
        {
            ["name"] = record.Name,
            ["prefix"] = record.Prefix,
            ["expires_at"] = record.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ["scopes"] = string.Join(' ', record.Scopes),
            ["allowed_ips"] = string.Join(' ', record.AllowedIps),
        });
        return TypedResults.Created($"{location}/{record.KeyId}", KeyCreatedResponse.From(issued.Key));
    }

    /// <summary>
    /// Revokes the key on every gateway; revoking a revoked key re-announces it and is not a new change. The key as it
    /// stands now, or null when the account has no such key.
    /// </summary>
    public async Task<ApiKeyRecord?> RevokeAsync(string accountId, string keyId, AuditActor actor, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync(accountId, keyId, cancellationToken);
        if (key is null)
        {
            return null;
        }
        await keys.RevokeAsync(accountId, keyId, cancellationToken);
        var revoked = await keys.GetAsync(accountId, keyId, cancellationToken) ?? key;
        if (key.RevokedAt is null)
        {
            await audit.RecordAsync(actor, AuditActions.KeyRevoked, accountId, keyId,
                new Dictionary<string, string> { ["name"] = key.Name, ["prefix"] = key.Prefix });
            await events.AppendAsync(accountId, AccountEventTypes.KeyRevoked,
                new { KeyId = keyId, key.Name, key.Prefix, revoked.RevokedAt }, CancellationToken.None);
        }
        return revoked;
    }

    /// <summary>
    /// The answer to a key that was not issued or rotated. <paramref name="keyNotFound"/> and <paramref name="accountNotFound"/>
    /// answer a missing key or account the side's way.
    /// </summary>
    public static ProblemHttpResult Refusal(KeyIssueResult result, Func<ProblemHttpResult> keyNotFound, Func<ProblemHttpResult> accountNotFound) => result switch
    {
        KeyIssueResult.KeyLimitReached limit => ProblemCatalog.KeyLimitReached.Result(
            $"The account holds {limit.ActiveKeys} active keys, as many as its tier allows ({limit.MaxKeys}). " +
            "Revoke one, rotate one instead, or move to a larger tier.",
            new Dictionary<string, object?> { ["active_keys"] = limit.ActiveKeys, ["max_keys"] = limit.MaxKeys }),
        KeyIssueResult.KeyNotFound => keyNotFound(),
        KeyIssueResult.KeyNotActive inactive => ProblemCatalog.KeyNotActive.Result(
            $"The key {inactive.Key.KeyId} is {(inactive.Key.RevokedAt is null ? "expired" : "revoked")}; only an active key can be rotated. Issue a new key instead."),
        KeyIssueResult.TierUnavailable tier => ProblemCatalog.TierUnavailable.Result(
            $"The account's tier '{tier.Tier}' is not in the catalogue any more, so its key limit is unknown; move to another tier first."),
        KeyIssueResult.TierChanged => ProblemCatalog.ConcurrentChange.Result(
            "The account's tier kept changing while the key was being issued; retry."),
        _ => accountNotFound(),
    };
}
