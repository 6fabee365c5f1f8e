namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>The signed-in account.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Email">Its contact address.</param>
/// <param name="Tier">Its tier's name.</param>
/// <param name="TierDisplayName">Its tier's name for people.</param>
internal sealed record SessionAccountResponse(string Id, string Email, string Tier, string TierDisplayName);
