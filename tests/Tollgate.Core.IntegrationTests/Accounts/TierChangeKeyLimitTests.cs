using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;

namespace Tollgate.Core.IntegrationTests.Accounts;

/// <summary>
/// A tier change counts the account's keys against its effective key limit: the account's own <c>max_keys</c> (a limits override,
/// <see cref="AccountTiers"/>) while it applies, not the target tier's alone, both for a change asked for (<see cref="TierChangeService"/>)
/// and for one the payment provider made (<see cref="AccountBillingWriter"/>).
/// </summary>
public sealed class TierChangeKeyLimitTests : RedisTestBase
{
    [Test]
    public async Task Downgrade_WithinTheAccountsOwnKeyLimit_GoesAhead_ThoughTheTargetTierAllowsFewer()
    {
        var account = await AccountWithKeysAsync("business", keys: 12, ownMaxKeys: 15); // pro allows 10

        var result = await Changes.ChangeTierAsync(account.Id, "pro", TierChangeOrigin.Admin, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("pro"));
    }

    [Test]
    public async Task Downgrade_OverTheAccountsOwnKeyLimit_IsRefused_NamingThatLimit_ThoughTheTargetTierAllowsMore()
    {
        var account = await AccountWithKeysAsync("business", keys: 8, ownMaxKeys: 5); // pro allows 10

        var result = await Changes.ChangeTierAsync(account.Id, "pro", TierChangeOrigin.Admin, CancellationToken.None);

        var refused = result as TierChangeResult.TooManyKeys;
        Assert.That(refused, Is.Not.Null, result.ToString());
        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Allowed, Is.EqualTo(5));
            Assert.That(refused.ToRevoke, Has.Count.EqualTo(3));
            Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("business"));
        });
    }

    [Test]
    public async Task Downgrade_AfterTheOwnKeyLimitExpired_CountsAgainstTheTargetTier()
    {
        var account = await AccountWithKeysAsync("business", keys: 12, ownMaxKeys: 15, ownLimitsUntil: Start.AddHours(1));
        Time.AdvanceServicesOnly(TimeSpan.FromHours(2)); // the override's end is judged on the services' clock

        var result = await Changes.ChangeTierAsync(account.Id, "pro", TierChangeOrigin.Admin, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.TooManyKeys>());
        Assert.That(((TierChangeResult.TooManyKeys)result).Allowed, Is.EqualTo(10));
    }

    [Test]
    public async Task ProviderMoveDown_DisablesOnlyTheKeysOverTheAccountsOwnKeyLimit()
    {
        var account = await AccountWithKeysAsync("business", keys: 12, ownMaxKeys: 11); // pro allows 10

        var down = await Get<AccountBillingWriter>().ApplyAsync(account.Id, new BillingChange { EventId = "evt_down", Tier = "pro" }, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(down.KeysDisabled, Is.EqualTo(1));
            Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.DisabledKeyIds, Has.Count.EqualTo(1));
        });
    }

    private TierChangeService Changes => Get<TierChangeService>();

    private IAccountStore Accounts => Get<IAccountStore>();

    private async Task<AccountRecord> AccountWithKeysAsync(string tier, int keys, int ownMaxKeys, DateTimeOffset? ownLimitsUntil = null)
    {
        var account = (await Accounts.CreateAsync($"{Guid.NewGuid():N}@example.test", tier, CancellationToken.None))!;
        var store = Get<IApiKeyStore>();
        for (var i = 0; i < keys; i++)
        {
            Assert.That(await store.IssueWithinLimitAsync(account.Id, tier, 1_000, new NewApiKey($"k{i}"), CancellationToken.None),
                Is.TypeOf<KeyIssueResult.Issued>());
        }
        Assert.That(await Accounts.SetLimitsAsync(account.Id, tier, new LimitOverride(null, null, null, ownMaxKeys, null, ownLimitsUntil), CancellationToken.None),
            Is.EqualTo(TierWriteOutcome.Changed));
        return account;
    }
}
