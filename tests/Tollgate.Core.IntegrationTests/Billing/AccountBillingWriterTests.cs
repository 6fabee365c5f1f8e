using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;

namespace Tollgate.Core.IntegrationTests.Billing;

/// <summary>The provider's word applied to an account on a real Redis (<c>apply_billing.lua</c>): once per event, in order, keys following the tier.</summary>
public sealed class AccountBillingWriterTests : RedisTestBase
{
    [Test]
    public async Task EventAboutAnotherSubscription_ChangesNothing_AndIsRecordedOnce()
    {
        var account = await AccountAsync("pro");
        var writer = Get<AccountBillingWriter>();
        await writer.ApplyAsync(account.Id, new BillingChange { EventId = "evt_1", SubscriptionId = "sub_current", CustomerId = "cus_1" }, CancellationToken.None);

        var stale = new BillingChange { EventId = "evt_2", Tier = "free", ClearSubscription = true, ForSubscription = "sub_old" };
        var first = await writer.ApplyAsync(account.Id, stale, CancellationToken.None);
        var again = await writer.ApplyAsync(account.Id, stale, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Status, Is.EqualTo(BillingWriteStatus.NotApplicable));
            Assert.That(again.Status, Is.EqualTo(BillingWriteStatus.Duplicate));
            var read = await Get<IAccountStore>().GetAsync(account.Id, CancellationToken.None);
            Assert.That(read!.Tier, Is.EqualTo("pro"));
            Assert.That(read.Billing.StripeSubscriptionId, Is.EqualTo("sub_current"));
        });
    }

    [Test]
    public async Task CycleAnchor_IsWrittenAsPeriodAnchor_WithTheTier_AndAnOlderEventNeverMovesIt()
    {
        var account = await AccountAsync("free");
        var writer = Get<AccountBillingWriter>();
        var anchor = Start.AddDays(-3).AddHours(9).AddMinutes(12);

        await writer.ApplyAsync(account.Id, new BillingChange
        {
            EventId = "evt_anchor", EventCreated = Start.AddMinutes(2), Tier = "pro", SubscriptionId = "sub_a", CycleAnchor = anchor,
        }, CancellationToken.None);
        await writer.ApplyAsync(account.Id, new BillingChange
        {
            EventId = "evt_anchor_old", EventCreated = Start.AddMinutes(1), SubscriptionId = "sub_a", CycleAnchor = anchor.AddDays(-40),
        }, CancellationToken.None);

        // The field the limiter script is to read for a billing-period month (the shared contract; not built yet).
        var stored = await Db.HashGetAsync(Tollgate.Core.Redis.RedisKeys.Account(account.Id), "period_anchor");
        Assert.Multiple(async () =>
        {
            Assert.That((long)stored, Is.EqualTo(anchor.ToUnixTimeMilliseconds()));
            Assert.That((await Get<IAccountStore>().GetAsync(account.Id, CancellationToken.None))!.Billing.CycleAnchor, Is.EqualTo(anchor));
        });
    }

    [Test]
    public async Task OlderEvent_OnlyFillsInWhatTheAccountLacks()
    {
        var account = await AccountAsync("free");
        var writer = Get<AccountBillingWriter>();
        await writer.ApplyAsync(account.Id, new BillingChange { EventId = "evt_new", EventCreated = Start.AddMinutes(2), Tier = "business", SubscriptionId = "sub_1" },
            CancellationToken.None);

        var older = await writer.ApplyAsync(account.Id, new BillingChange
        {
            EventId = "evt_old", EventCreated = Start.AddMinutes(1), Tier = "pro", SubscriptionId = "sub_0", CustomerId = "cus_1",
        }, CancellationToken.None);

        var read = await Get<IAccountStore>().GetAsync(account.Id, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(older.Status, Is.EqualTo(BillingWriteStatus.Stale));
            Assert.That(read!.Tier, Is.EqualTo("business"));
            Assert.That(read.Billing.StripeSubscriptionId, Is.EqualTo("sub_1"), "kept: the newer event set it");
            Assert.That(read.Billing.StripeCustomerId, Is.EqualTo("cus_1"), "filled in: nobody had");
        });
    }

    [Test]
    public async Task MoveDown_DisablesTheKeysOverTheMaximum_MoveUp_BringsBackThoseStillUsable_AndKeyIssueCountsOnlyEnabledOnes()
    {
        var account = await AccountAsync("pro");
        var keys = Get<IApiKeyStore>();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var issued = (KeyIssueResult.Issued)await keys.IssueWithinLimitAsync(account.Id, "pro", 10, new NewApiKey($"k{i}"), CancellationToken.None);
            ids.Add(issued.Key.Record.KeyId);
            Time.Advance(TimeSpan.FromSeconds(1));
        }
        var writer = Get<AccountBillingWriter>();

        var down = await writer.ApplyAsync(account.Id, new BillingChange { Tier = "free" }, CancellationToken.None);
        var disabled = (await Get<IAccountStore>().GetAsync(account.Id, CancellationToken.None))!.DisabledKeyIds;
        // Free allows two; none were used, so the oldest go first and the two newest stay.
        Assert.Multiple(() =>
        {
            Assert.That(down.KeysDisabled, Is.EqualTo(3));
            Assert.That(disabled, Is.EquivalentTo(ids[..3]));
        });
        Assert.That(await keys.IssueWithinLimitAsync(account.Id, "free", 2, new NewApiKey("more"), CancellationToken.None),
            Is.TypeOf<KeyIssueResult.KeyLimitReached>());

        await keys.RevokeAsync(account.Id, ids[0], CancellationToken.None);
        var up = await writer.ApplyAsync(account.Id, new BillingChange { Tier = "pro" }, CancellationToken.None);

        var read = (await Get<IAccountStore>().GetAsync(account.Id, CancellationToken.None))!;
        Assert.Multiple(async () =>
        {
            Assert.That(up.KeysEnabled, Is.EqualTo(2), "the revoked one stays revoked");
            Assert.That(read.DisabledKeyIds, Is.Empty);
            Assert.That(await keys.ListAsync(account.Id, CancellationToken.None), Has.Count.EqualTo(5), "never deleted");
        });
    }

    private async Task<AccountRecord> AccountAsync(string tier) =>
        (await Get<IAccountStore>().CreateAsync($"{Guid.NewGuid():N}@example.test", tier, CancellationToken.None))!;
}
