namespace Tollgate.Webhooks.Endpoints;

/// <summary>What came of <see cref="WebhookRegistry.CreateAsync"/>: exactly one of the nested cases.</summary>
internal abstract record RegistrationResult
{
    private RegistrationResult()
    {
    }

    /// <summary>Registered; <paramref name="Secret"/> is shown this once.</summary>
    public sealed record Created(StoredEndpoint Endpoint, string Secret) : RegistrationResult;

    /// <summary>The account holds as many endpoints as allowed.</summary>
    public sealed record LimitReached(int Max) : RegistrationResult;

    /// <summary>There is no such account.</summary>
    public sealed record AccountNotFound : RegistrationResult;
}
