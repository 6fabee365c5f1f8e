using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.AdminApi.FunctionalTests.Accounts;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Keys;

namespace Tollgate.AdminApi.FunctionalTests.Keys;

public sealed class KeyEndpointsTests : AdminApiTestBase
{
    [Test]
    public async Task CreateKey_ValidRequest_Returns201WithTheKeyAndWhatWasStored()
    {
        var id = await Client.CreateAccountIdAsync("business");
        var expires = DateTimeOffset.UtcNow.AddDays(30);

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new
        {
            name = "ci pipeline",
            expires_at = expires,
            scopes = (string[])["current", "historical", "current"],
            allowed_ips = (string[])["10.0.0.0/8", "192.168.1.7", "2001:DB8::/32"],
        });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var apiKey = body.Str("api_key");
        var stored = await Host.Services.GetRequiredService<IApiKeyStore>()
            .FindByHashAsync(Host.Services.GetRequiredService<ApiKeyHasher>().Hash(apiKey), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/admin/accounts/{id}/keys/{body.Str("key_id")}"));
            Assert.That(body.Str("key_id"), Does.StartWith("key_"));
            Assert.That(ApiKeyFormat.IsWellFormed(apiKey), Is.True);
            Assert.That(body.Str("prefix"), Is.EqualTo(ApiKeyFormat.PrefixOf(apiKey)));
            Assert.That(body.Str("name"), Is.EqualTo("ci pipeline"));
            Assert.That(body.GetProperty("expires_at").GetDateTimeOffset(), Is.EqualTo(expires).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(body.Strings("scopes"), Is.EqualTo((string[])["current", "historical"]));
            Assert.That(body.Strings("allowed_ips"), Is.EqualTo((string[])["10.0.0.0/8", "192.168.1.7", "2001:db8::/32"]));
            Assert.That(stored?.AccountId, Is.EqualTo(id), "the gateway finds the key by its HMAC");
            Assert.That(stored?.Scopes, Is.EqualTo((string[])["current", "historical"]));
            Assert.That(stored?.AllowedIps, Is.EqualTo((string[])["10.0.0.0/8", "192.168.1.7", "2001:db8::/32"]));
        });
    }

    [Test]
    public async Task CreateKey_ExpiryInThePast_Returns400NamingExpiresAt()
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys",
            new { name = "late", expires_at = DateTimeOffset.UtcNow.AddMinutes(-1) });

        await AccountEndpointsTests.AssertInvalidAsync(response, "expires_at");
    }

    [TestCase("10.0.0.1/8")]
    [TestCase("10.0.0.0/33")]
    [TestCase("300.1.1.1")]
    [TestCase("10")]
    [TestCase("10.1")]
    [TestCase("example.com")]
    [TestCase("")]
    [TestCase("2001:db8::/129")]
    public async Task CreateKey_BadNetwork_Returns400NamingAllowedIps(string network)
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys",
            new { name = "fenced", allowed_ips = (string[])["10.0.0.0/8", network] });

        await AccountEndpointsTests.AssertInvalidAsync(response, "allowed_ips");
    }

    [TestCase("teleportation")]
    [TestCase("read")]
    [TestCase("")]
    [TestCase("CURRENT")]
    public async Task CreateKey_UnknownScope_Returns400NamingScopes(string scope)
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "scoped", scopes = (string[])[scope] });

        await AccountEndpointsTests.AssertInvalidAsync(response, "scopes");
    }

    [Test]
    public async Task CreateKey_AccountScope_IsAccepted()
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id, new { name = "billing", scopes = (string[])["account", "current"] });
        Assert.That(key.Strings("scopes"), Is.EqualTo((string[])["account", "current"]));
    }

    [Test]
    public async Task CreateKey_ScopeOfAnotherTier_IsAccepted()
    {
        // Scopes narrow a key; a feature beyond the tier simply never grants anything (the gateway checks the tier first).
        var id = await Client.CreateAccountIdAsync("free");

        var key = await Client.CreateKeyAsync(id, new { name = "future", scopes = (string[])["historical"] });

        Assert.That(key.Strings("scopes"), Is.EqualTo((string[])["historical"]));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("tab\tname")]
    public async Task CreateKey_MissingOrBadName_Returns400NamingName(string? name)
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name });

        await AccountEndpointsTests.AssertInvalidAsync(response, "name");
    }

    [Test]
    public async Task CreateKey_NameTooLong_Returns400NamingName()
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = new string('n', 101) });

        await AccountEndpointsTests.AssertInvalidAsync(response, "name");
    }

    [TestCase("acc_aaaaaaaaaaaaaaaa")]
    [TestCase("bogus")]
    public async Task CreateKey_UnknownAccount_Returns404(string id)
    {
        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "orphan" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:account-not-found"));
    }

    [Test]
    public async Task ListKeys_Always_ShowsNeitherTheKeyNorItsHash()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        var hasher = Host.Services.GetRequiredService<ApiKeyHasher>();
        var issued = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            issued.Add(await Client.CreateKeyAsync(id, new { name = $"key {i}", scopes = (string[])["current"] }));
            await Task.Delay(2);
        }
        using (await Client.DeleteAsync($"/admin/accounts/{id}/keys/{issued[1].Str("key_id")}"))
        {
        }

        using var response = await Client.GetAsync($"/admin/accounts/{id}/keys");

        var json = await response.Content.ReadAsStringAsync();
        var items = JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(items.Select(k => k.Str("key_id")), Is.EqualTo(issued.Select(k => k.Str("key_id"))), "oldest first");
            Assert.That(items.Select(k => k.Str("status")), Is.EqualTo((string[])["active", "revoked", "active"]));
            Assert.That(items[1].GetProperty("revoked_at").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(items[0].EnumerateObject().Select(p => p.Name), Is.EquivalentTo((string[])[
                "key_id", "name", "prefix", "created_at", "expires_at", "revoked_at", "status", "scopes", "allowed_ips",
            ]));
            foreach (var key in issued)
            {
                var raw = key.Str("api_key");
                Assert.That(json, Does.Not.Contain(raw), "the raw key");
                Assert.That(json, Does.Not.Contain(raw[ApiKeyFormat.PrefixLength..]), "the secret part of the key");
                Assert.That(json, Does.Not.Contain(hasher.Hash(raw)), "the key's hash");
            }
        });
    }

    [Test]
    public async Task ListKeys_UnknownAccount_Returns404()
    {
        using var response = await Client.GetAsync("/admin/accounts/acc_aaaaaaaaaaaaaaaa/keys");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task GetKey_Existing_ReturnsItWithoutSecret()
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id);

        var read = await Client.GetJsonAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}");

        Assert.Multiple(() =>
        {
            Assert.That(read.Str("status"), Is.EqualTo("active"));
            Assert.That(read.TryGetProperty("api_key", out _), Is.False);
            Assert.That(read.ToString(), Does.Not.Contain(key.Str("api_key")));
        });
    }

    [Test]
    public async Task RevokeKey_ActiveKey_Returns204AndTheKeyIsRevokedForTheGateways()
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id);

        using var response = await Client.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}");
        using var again = await Client.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}");

        var stored = await Host.Services.GetRequiredService<IApiKeyStore>()
            .FindByHashAsync(Host.Services.GetRequiredService<ApiKeyHasher>().Hash(key.Str("api_key")), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "revoking again is a no-op");
            Assert.That(stored?.RevokedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task RevokeKey_KeyOfAnotherAccount_Returns404AndKeepsIt()
    {
        var owner = await Client.CreateAccountIdAsync();
        var other = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(owner);

        using var response = await Client.DeleteAsync($"/admin/accounts/{other}/keys/{key.Str("key_id")}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:key-not-found"));
        Assert.That((await Client.GetJsonAsync($"/admin/accounts/{owner}/keys/{key.Str("key_id")}")).Str("status"), Is.EqualTo("active"));
    }

    [TestCase("key_aaaaaaaaaaaaaaaa")]
    [TestCase("not-a-key")]
    public async Task RevokeOrGetKey_UnknownKey_Returns404(string keyId)
    {
        var id = await Client.CreateAccountIdAsync();

        using var revoke = await Client.DeleteAsync($"/admin/accounts/{id}/keys/{keyId}");
        using var get = await Client.GetAsync($"/admin/accounts/{id}/keys/{keyId}");

        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
