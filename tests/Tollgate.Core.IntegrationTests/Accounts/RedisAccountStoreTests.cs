using Tollgate.Core.Accounts;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Redis;

namespace Tollgate.Core.IntegrationTests.Accounts;

public sealed class RedisAccountStoreTests : RedisTestBase
{
    [Test]
    public async Task CreateAsync_NewEmail_StoresAccountWithLowercaseEmail()
    {
        var store = Get<IAccountStore>();

        var created = await store.CreateAsync("  Alice@Example.COM ", "pro", CancellationToken.None);
        var read = created is null ? null : await store.GetAsync(created.Id, CancellationToken.None);

        Assert.That(created, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(Ids.IsWellFormed(created!.Id, "acc_"), Is.True, created.Id);
            Assert.That(created.Email, Is.EqualTo("alice@example.com"));
            Assert.That(created.Tier, Is.EqualTo("pro"));
            Assert.That(created.CreatedAt, Is.EqualTo(Start));
            Assert.That(read, Is.EqualTo(created));
        });
    }

    [Test]
    public async Task CreateAsync_SameEmailInOtherCase_ReturnsNull()
    {
        var store = Get<IAccountStore>();
        var first = await store.CreateAsync("bob@example.com", "free", CancellationToken.None);

        var second = await store.CreateAsync("BOB@Example.com", "pro", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Null);
            Assert.That(second, Is.Null);
        });
        var kept = await store.GetAsync(first!.Id, CancellationToken.None);
        Assert.That(kept?.Tier, Is.EqualTo("free"), "the refused duplicate changed nothing");
    }

    [Test]
    public async Task CreateAsync_SameEmailConcurrently_CreatesExactlyOne()
    {
        var store = Get<IAccountStore>();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            store.CreateAsync(i % 2 == 0 ? "carol@example.com" : "Carol@Example.com", "free", CancellationToken.None)));

        Assert.That(attempts.Count(a => a is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task GetAsync_UnknownAccount_ReturnsNull() =>
        Assert.That(await Get<IAccountStore>().GetAsync(Ids.NewAccountId(), CancellationToken.None), Is.Null);

    [Test]
    public async Task ChangeTierWithinKeyLimitAsync_MissingAccount_ReturnsAccountNotFoundAndCreatesNothing()
    {
        var store = Get<IAccountStore>();
        var missing = Ids.NewAccountId();

        var changed = await store.ChangeTierWithinKeyLimitAsync(missing, "free", "pro", 10, CancellationToken.None);

        var husk = await Db.KeyExistsAsync(RedisKeys.Account(missing));
        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(TierWriteOutcome.AccountNotFound));
            Assert.That(husk, Is.False);
        });
    }

    [Test]
    public async Task ChangeTierWithinKeyLimitAsync_ExistingAccount_ChangesTierAndAnnouncesInvalidation()
    {
        var store = Get<IAccountStore>();
        var account = await store.CreateAsync("dave@example.com", "free", CancellationToken.None);
        Assume.That(account, Is.Not.Null);
        await using var listener = await InvalidationListener.StartAsync(Redis.Multiplexer);

        // A failed change first: if it announced anything, that would be the first message heard.
        await store.ChangeTierWithinKeyLimitAsync(Ids.NewAccountId(), "free", "pro", 10, CancellationToken.None);
        var changed = await store.ChangeTierWithinKeyLimitAsync(account!.Id, "free", "business", 50, CancellationToken.None);

        var announced = await listener.NextAsync();
        var read = await store.GetAsync(account.Id, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(TierWriteOutcome.Changed));
            Assert.That(announced, Is.EqualTo(CacheInvalidation.ForAccount(account.Id)));
            Assert.That(read?.Tier, Is.EqualTo("business"));
            Assert.That(read?.Email, Is.EqualTo("dave@example.com"));
        });
    }
}
