using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Keys;

/// <summary>An account holds at most its tier's MaxKeys active keys (free: 2), checked atomically.</summary>
public sealed class KeyLimitTests : AdminApiTestBase
{
    [Test]
    public async Task CreateKey_BeyondTheTiersMaxKeys_Returns409()
    {
        var id = await Client.CreateAccountIdAsync("free");
        await Client.CreateKeyAsync(id);
        await Client.CreateKeyAsync(id);

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "third" });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:key-limit-reached"));
            Assert.That(problem.Body.GetProperty("active_keys").GetInt32(), Is.EqualTo(2));
            Assert.That(problem.Body.GetProperty("max_keys").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task CreateKey_AfterRevokingOne_Succeeds()
    {
        var id = await Client.CreateAccountIdAsync("free");
        var first = await Client.CreateKeyAsync(id);
        await Client.CreateKeyAsync(id);
        using (await Client.DeleteAsync($"/admin/accounts/{id}/keys/{first.Str("key_id")}"))
        {
        }

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "replacement" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task CreateKey_AfterUpgrade_AllowsTheNewTiersMaxKeys()
    {
        var id = await Client.CreateAccountIdAsync("free");
        await Client.CreateKeyAsync(id);
        await Client.CreateKeyAsync(id);
        using (await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" }))
        {
        }

        using var response = await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "third" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task CreateKey_TenConcurrentOnAFreeAccount_ExactlyTwoSucceed()
    {
        var id = await Client.CreateAccountIdAsync("free");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = $"racer {i}" })));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }
        var listed = (await Client.GetJsonAsync($"/admin/accounts/{id}/keys")).GetProperty("items");
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(2));
            Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(8));
            Assert.That(listed.GetArrayLength(), Is.EqualTo(2), "refused keys leave nothing behind");
        });
    }

    [Test]
    public async Task CreateKey_ExpiredKeys_NoLongerCountAndAreListedAsExpired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new AdminApiHost(timeProvider: time);
        using var client = host.CreateClient();
        var id = await client.CreateAccountIdAsync("free");
        var shortLived = await client.CreateKeyAsync(id, new { name = "short", expires_at = time.GetUtcNow().AddHours(1) });
        await client.CreateKeyAsync(id, new { name = "long" });
        using (var refused = await client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "too many" }))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "precondition: at the limit");
        }

        time.Advance(TimeSpan.FromHours(2));
        using var response = await client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "after expiry" });

        var expired = await client.GetJsonAsync($"/admin/accounts/{id}/keys/{shortLived.Str("key_id")}");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(expired.Str("status"), Is.EqualTo("expired"));
        });
    }
}
