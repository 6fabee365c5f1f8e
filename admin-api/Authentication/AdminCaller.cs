namespace Tollgate.AdminApi.Authentication;

/// <summary>Who presented a configured admin token: its public id (never the token) and its role.</summary>
/// <param name="TokenId">The token's id, <c>tok_</c> and 8 hex digits (<see cref="AdminTokens.IdOf"/>).</param>
/// <param name="Role">What the token may do.</param>
internal sealed record AdminCaller(string TokenId, AdminRole Role);
