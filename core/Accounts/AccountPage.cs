namespace Tollgate.Core.Accounts;

/// <summary>A page of accounts.</summary>
/// <param name="Items">The accounts of the page, oldest first.</param>
/// <param name="Total">Accounts matching the query across all pages.</param>
public sealed record AccountPage(IReadOnlyList<AccountRecord> Items, long Total);
