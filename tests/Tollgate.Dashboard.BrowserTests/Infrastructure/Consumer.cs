namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>An account made for a test through the admin API, with the raw key of its first key.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Email">Its email.</param>
/// <param name="RawKey">Its first key, named "laptop".</param>
/// <param name="KeyId">That key's id.</param>
public sealed record Consumer(string AccountId, string Email, string RawKey, string KeyId);
