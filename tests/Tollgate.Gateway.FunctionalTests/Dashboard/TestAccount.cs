namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>An account made for a test, with the raw key of its first key.</summary>
public sealed record TestAccount(string Id, string RawKey, string KeyId);
