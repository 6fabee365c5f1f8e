namespace Tollgate.AdminApi.Contracts;

/// <summary>One page of accounts, oldest first.</summary>
/// <param name="Items">The accounts of this page.</param>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Accounts per page.</param>
/// <param name="Total">Accounts matching the filter across all pages.</param>
internal sealed record AccountListResponse(IReadOnlyList<AccountResponse> Items, int Page, int PageSize, long Total);
