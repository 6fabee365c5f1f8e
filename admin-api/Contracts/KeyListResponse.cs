using Tollgate.SelfService.Contracts;

namespace Tollgate.AdminApi.Contracts;

/// <summary>Every key an account has had, oldest first, revoked and expired ones included.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Items">Its keys.</param>
internal sealed record KeyListResponse(string AccountId, IReadOnlyList<KeyResponse> Items);
