using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.UnitTests.Keys;

public sealed class KeyAccessTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AccountRecord Account = new("acc_x", "a@example.test", "pro", Now);
    private readonly KeyAccess _access = new(new FakeTimeProvider(Now));

    [TestCase("10.1.2.3", ExpectedResult = true)]
    [TestCase("192.168.7.7", ExpectedResult = true)]
    [TestCase("::ffff:10.1.2.3", ExpectedResult = true)]
    [TestCase("11.0.0.1", ExpectedResult = false)]
    [TestCase("192.168.7.8", ExpectedResult = false)]
    [TestCase("2001:db8::1", ExpectedResult = true)]
    [TestCase("2001:db9::1", ExpectedResult = false)]
    public bool AllowsAddress_ChecksCidrRangesAndSingleAddresses(string client) =>
        _access.AllowsAddress(Key(allowedIps: ["10.0.0.0/8", "192.168.7.7", "2001:db8::/32"]), IPAddress.Parse(client));

    [Test]
    public void AllowsAddress_KeyWithoutRestriction_AllowsAnyoneEvenWithoutAddress() =>
        Assert.That(_access.AllowsAddress(Key(), null), Is.True);

    [Test]
    public void AllowsAddress_RestrictedKeyAndUnknownAddress_Refuses() =>
        Assert.That(_access.AllowsAddress(Key(allowedIps: ["10.0.0.0/8"]), null), Is.False);

    [Test]
    public void CheckUse_RevokedExpiredOrWrongAddress_IsRefusedInThatOrder()
    {
        var client = IPAddress.Parse("127.0.0.1");
        Assert.Multiple(() =>
        {
            Assert.That(_access.CheckUse(Key(revoked: true, expiresAt: Now.AddDays(-1)), client), Is.EqualTo(KeyRefusal.Revoked));
            Assert.That(_access.CheckUse(Key(expiresAt: Now), client), Is.EqualTo(KeyRefusal.Expired));
            Assert.That(_access.CheckUse(Key(allowedIps: ["203.0.113.7"]), client), Is.EqualTo(KeyRefusal.AddressNotAllowed));
            Assert.That(_access.CheckUse(Key(allowedIps: ["203.0.113.7"]), IPAddress.Parse("203.0.113.7")), Is.EqualTo(KeyRefusal.None));
        });
    }

    [TestCase("", ExpectedResult = KeyRefusal.None)]
    [TestCase("account", ExpectedResult = KeyRefusal.None)]
    [TestCase("current account", ExpectedResult = KeyRefusal.None)]
    [TestCase("current", ExpectedResult = KeyRefusal.CannotManageAccount)]
    public KeyRefusal CheckManageAccount_NeedsNoScopesOrTheAccountScope(string scopes) =>
        _access.CheckManageAccount(Key(scopes: scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)), Account, IPAddress.Loopback);

    [Test]
    public void CheckManageAccount_FromOutsideTheAllowedNetworks_IsRefused() =>
        Assert.That(_access.CheckManageAccount(Key(allowedIps: ["203.0.113.7"]), Account, IPAddress.Loopback), Is.EqualTo(KeyRefusal.AddressNotAllowed));

    [Test]
    public void CheckManageAccount_KeyDisabledByTheAccountsPlan_IsRefused()
    {
        var key = Key();
        var account = Account with { DisabledKeyIds = [key.KeyId] };
        Assert.That(_access.CheckManageAccount(key, account, IPAddress.Loopback), Is.EqualTo(KeyRefusal.Disabled));
    }

    [Test]
    public void CheckFeature_TierFirstThenScopes()
    {
        var pro = new Tier("pro", "Pro", 29, new TierLimits(1, 1, 1), 10, ["current", "forecast-hourly"], 1);
        Assert.Multiple(() =>
        {
            Assert.That(KeyAccess.CheckFeature(Key(scopes: ["bulk"]), pro, "bulk"), Is.EqualTo(KeyRefusal.FeatureNotInTier));
            Assert.That(KeyAccess.CheckFeature(Key(scopes: ["account"]), pro, "current"), Is.EqualTo(KeyRefusal.FeatureNotInKeyScope));
            Assert.That(KeyAccess.CheckFeature(Key(scopes: ["current"]), pro, "current"), Is.EqualTo(KeyRefusal.None));
            Assert.That(KeyAccess.CheckFeature(Key(), pro, "forecast-hourly"), Is.EqualTo(KeyRefusal.None));
        });
    }

    [Test]
    public void Narrow_UnrestrictedOpener_GrantsTheRequestAsAsked()
    {
        var asked = new NewApiKey("n", Now.AddDays(400), ["bulk"], ["10.0.0.0/8"]);
        Assert.That(KeyAccess.Narrow(Key(), asked).Key, Is.EqualTo(asked));
    }

    [Test]
    public void Narrow_NothingAsked_InheritsEveryRestrictionOfTheOpener()
    {
        var opener = Key(scopes: ["account", "current"], allowedIps: ["203.0.113.0/24"], expiresAt: Now.AddDays(7));

        var granted = KeyAccess.Narrow(opener, new NewApiKey("n")).Key!;

        Assert.Multiple(() =>
        {
            Assert.That(granted.Scopes, Is.EqualTo(new[] { "account", "current" }));
            Assert.That(granted.AllowedIps, Is.EqualTo(new[] { "203.0.113.0/24" }));
            Assert.That(granted.ExpiresAt, Is.EqualTo(Now.AddDays(7)));
        });
    }

    [Test]
    public void Narrow_WithinTheOpener_IsGrantedAsAsked()
    {
        var opener = Key(scopes: ["account", "current"], allowedIps: ["203.0.113.0/24", "2001:db8::/32"], expiresAt: Now.AddDays(7));
        var asked = new NewApiKey("n", Now.AddDays(1), ["current"], ["203.0.113.64/26", "203.0.113.7", "2001:db8:1::/48"]);

        Assert.That(KeyAccess.Narrow(opener, asked).Key, Is.EqualTo(asked));
    }

    [TestCase("scopes")]
    [TestCase("allowed_ips")]
    [TestCase("expires_at")]
    public void Narrow_WiderThanTheOpener_IsRefusedNamingTheField(string field)
    {
        var opener = Key(scopes: ["account", "current"], allowedIps: ["203.0.113.0/24"], expiresAt: Now.AddDays(7));
        var asked = field switch
        {
            "scopes" => new NewApiKey("n", Scopes: ["bulk"]),
            "allowed_ips" => new NewApiKey("n", AllowedIps: ["203.0.112.0/23"]),
            _ => new NewApiKey("n", ExpiresAt: Now.AddDays(8)),
        };

        var grant = KeyAccess.Narrow(opener, asked);

        Assert.Multiple(() =>
        {
            Assert.That(grant.Key, Is.Null);
            Assert.That(grant.Field, Is.EqualTo(field));
        });
    }

    private static ApiKeyRecord Key(
        string[]? scopes = null, string[]? allowedIps = null, DateTimeOffset? expiresAt = null, bool revoked = false) =>
        new("key_x", "acc_x", "n", "tg_x", Now.AddDays(-30), expiresAt, revoked ? Now.AddDays(-1) : null, scopes ?? [], allowedIps ?? []);
}
