namespace Tollgate.Core.Accounts;

/// <summary>A subscriber: the unit that holds a tier and whose keys share the tier's limits.</summary>
/// <param name="Id">Stable public id, e.g. <c>acc_…</c>.</param>
/// <param name="Email">Contact address, unique across accounts (stored lowercase).</param>
/// <param name="Tier">Name of the subscription tier.</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record AccountRecord(string Id, string Email, string Tier, DateTimeOffset CreatedAt)
{
    /// <summary>What the payment provider keeps on the account; <see cref="AccountBilling.None"/> when nothing.</summary>
    public AccountBilling Billing { get; init; } = AccountBilling.None;

    /// <summary>
    /// Keys set aside because a move to a smaller tier left more than it allows (never deleted): refused like a revoked
    /// key until the account moves up again. Empty for most accounts.
    /// </summary>
    public IReadOnlyList<string> DisabledKeyIds { get; init; } = [];

    /// <summary>Limits agreed for this account in place of its tier's (<see cref="AccountTiers"/> merges them); null when none.</summary>
    public LimitOverride? LimitOverride { get; init; }
}
