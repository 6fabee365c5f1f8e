using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.AdminApi.FunctionalTests.Accounts;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Keys;

namespace Tollgate.AdminApi.FunctionalTests.Keys;

public sealed class KeyRotationTests : AdminApiTestBase
{
    [Test]
    public async Task RotateKey_WithoutGrace_IssuesASameSettingsKeyAndRevokesTheOldAtOnce()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        var expires = DateTimeOffset.UtcNow.AddDays(10);
        var old = await Client.CreateKeyAsync(id, new
        {
            name = "deploy",
            expires_at = expires,
            scopes = (string[])["forecast-hourly"],
            allowed_ips = (string[])["203.0.113.0/24"],
        });

        using var response = await Client.PostAsync($"/admin/accounts/{id}/keys/{old.Str("key_id")}/rotate", content: null);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var oldRecord = await FindAsync(old.Str("api_key"));
        var newRecord = await FindAsync(body.Str("api_key"));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/admin/accounts/{id}/keys/{body.Str("key_id")}"));
            Assert.That(body.Str("key_id"), Is.Not.EqualTo(old.Str("key_id")));
            Assert.That(body.Str("api_key"), Is.Not.EqualTo(old.Str("api_key")));
            Assert.That(ApiKeyFormat.IsWellFormed(body.Str("api_key")), Is.True);
            Assert.That(body.Str("name"), Is.EqualTo("deploy"));
            Assert.That(body.GetProperty("expires_at").GetDateTimeOffset(), Is.EqualTo(expires).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(body.Strings("scopes"), Is.EqualTo((string[])["forecast-hourly"]));
            Assert.That(body.Strings("allowed_ips"), Is.EqualTo((string[])["203.0.113.0/24"]));
            Assert.That(body.GetProperty("replaced_key").Str("key_id"), Is.EqualTo(old.Str("key_id")));
            Assert.That(body.GetProperty("replaced_key").Str("status"), Is.EqualTo("revoked"));
            Assert.That(oldRecord?.RevokedAt, Is.Not.Null, "gateways refuse the old key");
            Assert.That(newRecord?.IsActiveAt(DateTimeOffset.UtcNow), Is.True, "and accept the new one");
        });
    }

    [Test]
    public async Task RotateKey_WithGrace_OldKeyKeepsWorkingUntilTheGraceEnds()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        var old = await Client.CreateKeyAsync(id);
        var before = DateTimeOffset.UtcNow;

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{old.Str("key_id")}/rotate",
            new { grace_period_seconds = 3600 });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var oldRecord = await FindAsync(old.Str("api_key"));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(body.GetProperty("replaced_key").Str("status"), Is.EqualTo("active"));
            Assert.That(oldRecord?.RevokedAt, Is.Null);
            Assert.That(oldRecord?.ExpiresAt, Is.EqualTo(before.AddHours(1)).Within(TimeSpan.FromSeconds(30)));
            Assert.That(oldRecord?.IsActiveAt(DateTimeOffset.UtcNow.AddMinutes(59)), Is.True);
            Assert.That(oldRecord?.IsActiveAt(DateTimeOffset.UtcNow.AddMinutes(61)), Is.False);
        });
    }

    [Test]
    public async Task RotateKey_GraceLongerThanTheKeysExpiry_KeepsTheEarlierExpiry()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        var expires = DateTimeOffset.UtcNow.AddMinutes(10);
        var old = await Client.CreateKeyAsync(id, new { name = "soon", expires_at = expires });

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{old.Str("key_id")}/rotate",
            new { grace_period_seconds = 86400 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await FindAsync(old.Str("api_key")))?.ExpiresAt, Is.EqualTo(expires).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task RotateKey_AtTheTiersKeyLimit_Succeeds()
    {
        var id = await Client.CreateAccountIdAsync("free");
        var first = await Client.CreateKeyAsync(id);
        await Client.CreateKeyAsync(id);

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{first.Str("key_id")}/rotate",
            new { grace_period_seconds = 60 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task RotateKey_SameKeyTwiceConcurrentlyAtTheLimit_OnlyOneSucceeds()
    {
        var id = await Client.CreateAccountIdAsync("free");
        var first = await Client.CreateKeyAsync(id);
        await Client.CreateKeyAsync(id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{first.Str("key_id")}/rotate", new { grace_period_seconds = 60 })));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(1));
    }

    [Test]
    public async Task RotateKey_RevokedKey_Returns409KeyNotActive()
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id);
        using (await Client.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
        {
        }

        using var response = await Client.PostAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}/rotate", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:key-not-active"));
    }

    [TestCase(-1)]
    [TestCase(604801)]
    public async Task RotateKey_GraceOutOfRange_Returns400NamingIt(int grace)
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id);

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}/rotate",
            new { grace_period_seconds = grace });

        await AccountEndpointsTests.AssertInvalidAsync(response, "grace_period_seconds");
    }

    [Test]
    public async Task RotateKey_GraceOfSevenDays_IsAccepted()
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id);

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}/rotate",
            new { grace_period_seconds = 604800 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [TestCase("key_aaaaaaaaaaaaaaaa")]
    [TestCase("junk")]
    public async Task RotateKey_UnknownKey_Returns404(string keyId)
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PostAsync($"/admin/accounts/{id}/keys/{keyId}/rotate", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:key-not-found"));
    }

    private Task<ApiKeyRecord?> FindAsync(string rawKey) =>
        Host.Services.GetRequiredService<IApiKeyStore>()
            .FindByHashAsync(Host.Services.GetRequiredService<ApiKeyHasher>().Hash(rawKey), CancellationToken.None);
}
