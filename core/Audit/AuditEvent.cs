namespace Tollgate.Core.Audit;

/// <summary>A change to record in the audit log. Never put a raw key or token in it.</summary>
/// <param name="Actor">Who made the change: an admin token id (<c>tok_…</c>) or a key id for a consumer's own change.</param>
/// <param name="Action">What was done; one of <see cref="AuditActions"/>.</param>
/// <param name="AccountId">The account concerned, if any.</param>
/// <param name="KeyId">The key concerned, if any.</param>
/// <param name="Details">A few short facts (e.g. old and new tier).</param>
/// <param name="ActorRole">The role the actor acted with (an admin token's <c>read</c>, <c>support</c>, <c>billing</c> or <c>admin</c>); null for a key.</param>
public sealed record AuditEvent(
    string Actor,
    string Action,
    string? AccountId = null,
    string? KeyId = null,
    IReadOnlyDictionary<string, string>? Details = null,
    string? ActorRole = null);
