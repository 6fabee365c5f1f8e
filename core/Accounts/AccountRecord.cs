namespace Tollgate.Core.Accounts;

/// <summary>A subscriber: the unit that holds a tier and whose keys share the tier's limits.</summary>
/// <param name="Id">Stable public id, e.g. <c>acc_…</c>.</param>
/// <param name="Email">Contact address, unique across accounts (stored lowercase).</param>
/// <param name="Tier">Name of the subscription tier.</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record AccountRecord(string Id, string Email, string Tier, DateTimeOffset CreatedAt);
