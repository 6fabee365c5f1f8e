using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using Tollgate.SelfService.Contracts;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>
/// What an operator does around a dashboard test, straight through core's real services on the gateway's Redis (no
/// admin API: the consumer side works without it): accounts, keys within the tier's limit, and what was recorded.
/// </summary>
public sealed class AccountSetUp(IServiceProvider services)
{
    private IAccountStore Accounts => services.GetRequiredService<IAccountStore>();
    private IApiKeyStore Keys => services.GetRequiredService<IApiKeyStore>();

    /// <summary>Creates an account of <paramref name="tier"/>; its id.</summary>
    public async Task<string> CreateAccountIdAsync(string tier = "free") => (await services.CreateAccountAsync(tier)).Id;

    /// <summary>Issues a key within the tier's key limit, as the admin API would.</summary>
    public Task<IssuedApiKey> CreateKeyAsync(string accountId, NewApiKey? key = null) =>
        services.IssueKeyAsync(accountId, key ?? new NewApiKey("test key"));

    /// <summary>The latest audit entry of the account.</summary>
    public async Task<AuditEntry> LatestAuditAsync(string accountId) =>
        (await services.GetRequiredService<IAuditLog>().ReadAsync(1, accountId, CancellationToken.None))[0];

    /// <summary>"active", "revoked" or "expired".</summary>
    public async Task<string> KeyStatusAsync(string accountId, string keyId)
    {
        var key = await Keys.GetAsync(accountId, keyId, CancellationToken.None);
        Assert.That(key, Is.Not.Null);
        return KeyResponse.StatusOf(key!, DateTimeOffset.UtcNow);
    }

    /// <summary>How many keys the account has had.</summary>
    public async Task<int> KeyCountAsync(string accountId) => (await Keys.ListAsync(accountId, CancellationToken.None)).Count;

    /// <summary>The account's tier as stored.</summary>
    public async Task<string> TierOfAsync(string accountId) =>
        (await Accounts.GetAsync(accountId, CancellationToken.None))!.Tier;

    /// <summary>Revokes a key, as an operator would.</summary>
    public Task RevokeKeyAsync(string accountId, string keyId) => Keys.RevokeAsync(accountId, keyId, CancellationToken.None);

    /// <summary>Rotates a key without a grace period.</summary>
    public Task RotateKeyAsync(string accountId, string keyId) =>
        services.GetRequiredService<ApiKeyIssuer>().RotateAsync(accountId, keyId, TimeSpan.Zero, CancellationToken.None);

    /// <summary>Deletes the account with its keys and usage.</summary>
    public Task DeleteAccountAsync(string accountId) =>
        services.GetRequiredService<AccountDeletionService>().DeleteAsync(accountId, CancellationToken.None);
}
