namespace Tollgate.ConsumerSide.Dashboard.Contracts;

/// <summary>Body of <c>POST /dashboard/api/session</c>: the key goes in the body, never in a URL.</summary>
/// <param name="ApiKey">One of the account's active API keys.</param>
internal sealed record SignInRequest(string? ApiKey);
