using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;

namespace Tollgate.Testing;

/// <summary>
/// Test set-up through the services' own paths, on a service's or a <see cref="CoreServices"/> provider: keys are
/// issued by <see cref="ApiKeyIssuer"/> (the tier's key limit holds) and tiers changed by <see cref="TierChangeService"/>
/// as an admin would (billing and the key limit apply), so no test writes what a consumer or an operator could not.
/// </summary>
public static class Seeding
{
    /// <summary>A new account of <paramref name="tier"/> with a fresh email and one key (default: named "test").</summary>
    public static async Task<TestConsumer> CreateConsumerAsync(this IServiceProvider services, string tier, NewApiKey? key = null)
    {
        var account = await services.CreateAccountAsync(tier).ConfigureAwait(false);
        var issued = await services.IssueKeyAsync(account.Id, key ?? new NewApiKey("test")).ConfigureAwait(false);
        return new TestConsumer(account, issued.RawKey, issued.Record);
    }

    /// <summary>A new account of <paramref name="tier"/>, with a fresh email unless one is given.</summary>
    public static async Task<AccountRecord> CreateAccountAsync(this IServiceProvider services, string tier, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return await services.GetRequiredService<IAccountStore>()
            .CreateAsync(email ?? $"{Guid.NewGuid():N}@example.test", tier, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The email {email} has an account already.");
    }

    /// <summary>Issues a key within the account's key limit; fails the set-up with the refusal when it is not issued.</summary>
    public static async Task<IssuedApiKey> IssueKeyAsync(this IServiceProvider services, string accountId, NewApiKey key)
    {
        ArgumentNullException.ThrowIfNull(services);
        var result = await services.GetRequiredService<ApiKeyIssuer>().IssueAsync(accountId, key, CancellationToken.None).ConfigureAwait(false);
        return result is KeyIssueResult.Issued issued
            ? issued.Key
            : throw new InvalidOperationException($"No key was issued for {accountId}: {result}.");
    }

    /// <summary>Moves the account to <paramref name="tier"/> as an admin does; fails the set-up unless it moved.</summary>
    public static async Task ChangeTierAsync(this IServiceProvider services, string accountId, string tier)
    {
        ArgumentNullException.ThrowIfNull(services);
        var result = await services.GetRequiredService<TierChangeService>()
            .ChangeTierAsync(accountId, tier, TierChangeOrigin.Admin, CancellationToken.None).ConfigureAwait(false);
        if (result is not TierChangeResult.Changed)
        {
            throw new InvalidOperationException($"{accountId} did not move to {tier}: {result}.");
        }
    }
}
