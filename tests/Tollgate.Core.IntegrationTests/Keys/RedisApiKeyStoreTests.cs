using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests.Keys;

public sealed class RedisApiKeyStoreTests : RedisTestBase
{
    [Test]
    public async Task IssueWithinLimitAsync_ThenFindByHash_ReturnsTheRecord()
    {
        var store = Get<IApiKeyStore>();
        var account = await NewAccountAsync();
        var expires = Start.AddDays(30);

        var issued = await IssueAsync(account,
            new NewApiKey("ci pipeline", expires, Scopes: ["current", "historical"], AllowedIps: ["10.0.0.0/8", "2001:db8::/32"]));
        var found = await store.FindByHashAsync(Get<ApiKeyHasher>().Hash(issued.RawKey), CancellationToken.None);

        Assert.That(found, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(ApiKeyFormat.IsWellFormed(issued.RawKey), Is.True);
            Assert.That(found!.KeyId, Is.EqualTo(issued.Record.KeyId).And.StartsWith("key_"));
            Assert.That(found.AccountId, Is.EqualTo(account));
            Assert.That(found.Name, Is.EqualTo("ci pipeline"));
            Assert.That(found.Prefix, Is.EqualTo(ApiKeyFormat.PrefixOf(issued.RawKey)));
            Assert.That(found.CreatedAt, Is.EqualTo(Start));
            Assert.That(found.ExpiresAt, Is.EqualTo(expires));
            Assert.That(found.RevokedAt, Is.Null);
            Assert.That(found.Scopes, Is.EqualTo(new[] { "current", "historical" }));
            Assert.That(found.AllowedIps, Is.EqualTo(new[] { "10.0.0.0/8", "2001:db8::/32" }));
            Assert.That(found.IsActiveAt(Start), Is.True);
            Assert.That(found.IsActiveAt(expires), Is.False);
        });
    }

    [Test]
    public async Task FindByHashAsync_KeyNeverIssued_ReturnsNull()
    {
        var store = Get<IApiKeyStore>();
        await IssueAsync(await NewAccountAsync(), new NewApiKey("one"));

        var found = await store.FindByHashAsync(Get<ApiKeyHasher>().Hash(ApiKeyFormat.Generate()), CancellationToken.None);

        Assert.That(found, Is.Null);
    }

    [Test]
    public async Task FindByHashAsync_HashUnderAnotherSecret_ReturnsNull()
    {
        // A copy of Redis plus a guessed key is useless without the server's secret.
        var store = Get<IApiKeyStore>();
        var issued = await IssueAsync(await NewAccountAsync(), new NewApiKey("one"));
        var otherHasher = new ApiKeyHasher(Microsoft.Extensions.Options.Options.Create(
            new KeyOptions { HashSecret = "some-other-deployment-secret-0123456789" }));

        var found = await store.FindByHashAsync(otherHasher.Hash(issued.RawKey), CancellationToken.None);

        Assert.That(found, Is.Null);
    }

    [Test]
    public async Task IssueWithinLimitAsync_Always_StoresNoRawKeyAnywhere()
    {
        var store = Get<IApiKeyStore>();
        var account = await NewAccountAsync();
        var issued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            issued.Add((await IssueAsync(account, new NewApiKey($"key {i}", Scopes: ["current"]))).RawKey);
        }
        await store.RevokeAsync(account, (await store.ListAsync(account, CancellationToken.None))[0].KeyId, CancellationToken.None);

        var everything = await RedisContents.AllStringsAsync(Redis);

        Assert.Multiple(() =>
        {
            Assert.That(everything, Is.Not.Empty);
            foreach (var raw in issued)
            {
                Assert.That(everything.Where(s => s.Contains(raw, StringComparison.Ordinal)), Is.Empty, "the raw key");
                // Only the prefix is kept in clear; no part beyond it may be stored.
                var secretPart = raw[ApiKeyFormat.PrefixLength..];
                Assert.That(everything.Where(s => s.Contains(secretPart, StringComparison.Ordinal)), Is.Empty, "the secret part of the key");
            }
        });
    }

    [Test]
    public async Task RevokeAsync_IssuedKey_SetsRevokedAtAndAnnouncesInvalidation()
    {
        var store = Get<IApiKeyStore>();
        var hasher = Get<ApiKeyHasher>();
        var account = await NewAccountAsync();
        var issued = await IssueAsync(account, new NewApiKey("doomed"));
        Time.AdvanceServicesOnly(TimeSpan.FromMinutes(10));
        var revokedAt = Time.GetUtcNow();
        await using var listener = await InvalidationListener.StartAsync(Redis.Multiplexer);

        var revoked = await store.RevokeAsync(account, issued.Record.KeyId, CancellationToken.None);

        var announced = await listener.NextAsync();
        var found = await store.FindByHashAsync(hasher.Hash(issued.RawKey), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(revoked, Is.True);
            Assert.That(announced, Is.EqualTo(CacheInvalidation.ForKey(hasher.Hash(issued.RawKey))));
            Assert.That(found?.RevokedAt, Is.EqualTo(revokedAt));
            Assert.That(found?.IsActiveAt(revokedAt), Is.False);
        });
    }

    [Test]
    public async Task RevokeAsync_Twice_KeepsFirstRevocationTime()
    {
        var store = Get<IApiKeyStore>();
        var account = await NewAccountAsync();
        var issued = await IssueAsync(account, new NewApiKey("doomed"));
        await store.RevokeAsync(account, issued.Record.KeyId, CancellationToken.None);
        var firstRevocation = Time.GetUtcNow();
        Time.AdvanceServicesOnly(TimeSpan.FromHours(1));

        var again = await store.RevokeAsync(account, issued.Record.KeyId, CancellationToken.None);

        var found = await store.FindByHashAsync(Get<ApiKeyHasher>().Hash(issued.RawKey), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.True);
            Assert.That(found?.RevokedAt, Is.EqualTo(firstRevocation));
        });
    }

    [Test]
    public async Task RevokeAsync_KeyOfAnotherAccount_ReturnsFalseAndKeepsKeyActive()
    {
        var store = Get<IApiKeyStore>();
        var owner = await NewAccountAsync();
        var issued = await IssueAsync(owner, new NewApiKey("mine"));

        var revoked = await store.RevokeAsync(Ids.NewAccountId(), issued.Record.KeyId, CancellationToken.None);

        var found = await store.FindByHashAsync(Get<ApiKeyHasher>().Hash(issued.RawKey), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(revoked, Is.False);
            Assert.That(found?.RevokedAt, Is.Null);
        });
    }

    [Test]
    public async Task RevokeAsync_UnknownKeyId_ReturnsFalse()
    {
        var store = Get<IApiKeyStore>();
        var account = await NewAccountAsync();
        await IssueAsync(account, new NewApiKey("one"));

        Assert.That(await store.RevokeAsync(account, Ids.NewKeyId(), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task ListAsync_AccountWithKeys_ReturnsAllOldestFirstWithoutSecrets()
    {
        var store = Get<IApiKeyStore>();
        var hasher = Get<ApiKeyHasher>();
        var account = await NewAccountAsync();
        var issued = new List<IssuedApiKey>();
        foreach (var name in (string[])["first", "second", "third"])
        {
            issued.Add(await IssueAsync(account, new NewApiKey(name)));
            Time.AdvanceServicesOnly(TimeSpan.FromMinutes(1));
        }
        await IssueAsync(await NewAccountAsync(), new NewApiKey("someone else's"));
        await store.RevokeAsync(account, issued[1].Record.KeyId, CancellationToken.None);

        var listed = await store.ListAsync(account, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(k => k.Name), Is.EqualTo(new[] { "first", "second", "third" }));
            Assert.That(listed.Select(k => k.KeyId), Is.EqualTo(issued.Select(i => i.Record.KeyId)));
            Assert.That(listed.Select(k => k.RevokedAt is not null), Is.EqualTo(new[] { false, true, false }), "revoked keys are listed too");
            foreach (var record in listed)
            {
                var secrets = issued.SelectMany(i => new[] { i.RawKey, hasher.Hash(i.RawKey) }).ToList();
                Assert.That(StringsOf(record).Where(s => secrets.Any(secret => s.Contains(secret, StringComparison.Ordinal))), Is.Empty,
                    $"{record.KeyId} exposes neither the key nor its hash");
            }
        });
    }

    [Test]
    public async Task ListAsync_AccountWithoutKeys_ReturnsEmpty() =>
        Assert.That(await Get<IApiKeyStore>().ListAsync(Ids.NewAccountId(), CancellationToken.None), Is.Empty);

    /// <summary>An account on the enterprise tier (room for 200 keys): the store issues keys only to an existing account.</summary>
    private async Task<string> NewAccountAsync() => (await Services.CreateAccountAsync("enterprise")).Id;

    /// <summary>Issues through the store's one issuing path, within the account's key limit (<see cref="ApiKeyIssuer"/>).</summary>
    private Task<IssuedApiKey> IssueAsync(string accountId, NewApiKey key) => Services.IssueKeyAsync(accountId, key);

    /// <summary>Every string a record would show when serialised: its string properties and string lists.</summary>
    private static IEnumerable<string> StringsOf(ApiKeyRecord record) =>
        typeof(ApiKeyRecord).GetProperties().SelectMany(p => p.GetValue(record) switch
        {
            string s => [s],
            IEnumerable<string> list => list,
            var other => [other?.ToString() ?? ""],
        });
}
