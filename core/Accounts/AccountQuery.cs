namespace Tollgate.Core.Accounts;

/// <summary>One page of the account list, oldest account first.</summary>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Accounts per page.</param>
/// <param name="Tier">Only accounts on this tier (lowercase name); null for all.</param>
public sealed record AccountQuery(int Page, int PageSize, string? Tier = null);
