namespace Tollgate.SelfService.Audit;

/// <summary>Who made a change, as the audit log keeps it.</summary>
/// <param name="Id">An admin token's id, or the id of the consumer's key.</param>
/// <param name="Role">An operator's role; null for a consumer.</param>
/// <param name="Via">For a consumer, where the change came in (<c>dashboard</c>, <c>consumer</c>: the subscription API); kept in the details.</param>
public sealed record AuditActor(string Id, string? Role = null, string? Via = null)
{
    /// <summary>One of the account's keys, through <paramref name="via"/>.</summary>
    public static AuditActor Key(string keyId, string via) => new(keyId, Role: null, via);
}
