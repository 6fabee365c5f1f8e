namespace Tollgate.Core.Audit;

/// <summary>One recorded change, as read back from the audit log.</summary>
/// <param name="Id">The entry's stream id, unique and increasing.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Actor">Who made it: the admin token's id (<c>tok_…</c>, never the token) or the key id.</param>
/// <param name="Action">What was done; one of <see cref="AuditActions"/>.</param>
/// <param name="AccountId">The account concerned, if any.</param>
/// <param name="KeyId">The key concerned, if any.</param>
/// <param name="Details">The short facts recorded with it.</param>
/// <param name="ActorRole">The role the actor acted with, when it had one (admin tokens); null for keys and older entries.</param>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? AccountId,
    string? KeyId,
    IReadOnlyDictionary<string, string> Details,
    string? ActorRole = null);
