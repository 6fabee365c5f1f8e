using Tollgate.Core.Audit;

namespace Tollgate.AdminApi.Contracts;

/// <summary>One recorded admin change.</summary>
/// <param name="Id">Entry id, increasing with time.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it: the id of the admin token (<c>tok_…</c>), never the token.</param>
/// <param name="Action">What was done, e.g. "key.revoked".</param>
/// <param name="AccountId">The account concerned, if any.</param>
/// <param name="KeyId">The key concerned, if any.</param>
/// <param name="Details">A few short facts about the change.</param>
/// <param name="ActorRole">The admin token's role when the change was made (read, support, billing, admin); null for a consumer's own change.</param>
internal sealed record AuditEntryResponse(
    string Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? AccountId,
    string? KeyId,
    IReadOnlyDictionary<string, string> Details,
    string? ActorRole)
{
    public static AuditEntryResponse From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.Actor, entry.Action, entry.AccountId, entry.KeyId, entry.Details, entry.ActorRole);
}
