using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>The account's keys through the dashboard: listed, issued within the tier's limit, revoked, audited.</summary>
public sealed class DashboardKeyTests : DashboardTestBase
{
    [Test]
    public async Task Keys_List_ShowsEveryKeyWithTheDayItWasLastUsedAndTheLimit()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            var idle = await Operator.CreateKeyAsync(account.Id, new NewApiKey("idle", Scopes: ["current"]));
            var limiter = Host.Services.GetRequiredService<IRateLimiter>();
            await limiter.AcquireAsync(account.Id, account.KeyId, 1, new TierLimits(60, 1000, 10000), CancellationToken.None);

            var list = await browser.GetJsonAsync("/dashboard/api/keys");
            var keys = list.GetProperty("keys").EnumerateArray().ToDictionary(k => k.Str("key_id"));
            var used = keys[account.KeyId];
            var unused = keys[idle.Record.KeyId];

            Assert.Multiple(() =>
            {
                Assert.That(list.GetProperty("active_keys").GetInt32(), Is.EqualTo(2));
                Assert.That(list.GetProperty("max_keys").GetInt32(), Is.EqualTo(2));
                Assert.That(used.Str("last_used_on"), Is.EqualTo(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd")));
                Assert.That(used.GetProperty("current_session").GetBoolean(), Is.True);
                Assert.That(unused.TryGetProperty("last_used_on", out _), Is.False, "never used: no day");
                Assert.That(unused.Strings("scopes"), Is.EqualTo((string[])["current"]));
                Assert.That(unused.Str("prefix"), Does.StartWith("tg_"));
                Assert.That(list.GetRawText(), Does.Not.Contain(account.RawKey).And.Not.Contain("hash"));
            });
        }
    }

    [Test]
    public async Task CreateKey_ReturnsTheRawKeyOnce_AndAuditsTheSessionKeyAsActor()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "ci pipeline" });
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            var list = await browser.GetJsonAsync("/dashboard/api/keys");
            var entry = await Operator.LatestAuditAsync(account.Id);

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
                Assert.That(created.Str("api_key"), Does.StartWith("tg_").And.Length.EqualTo(41));
                Assert.That(created.Str("name"), Is.EqualTo("ci pipeline"));
                Assert.That(list.GetRawText(), Does.Not.Contain(created.Str("api_key")), "shown once, never listed");
                Assert.That(entry.Action, Is.EqualTo("key.created"));
                Assert.That(entry.Actor, Is.EqualTo(account.KeyId));
                Assert.That(entry.Details["via"], Is.EqualTo("dashboard"));
                Assert.That(Host.Logs.Lines.Where(l => l.Contains(created.Str("api_key"), StringComparison.Ordinal)), Is.Empty);
            });
        }
    }

    [Test]
    public async Task CreateKey_NewKeyOpensTheDashboardToo()
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "second" });
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            using var other = NewBrowser();

            var session = await other.SignInOkAsync(created.Str("api_key"));

            Assert.That(session.GetProperty("key").Str("name"), Is.EqualTo("second"));
        }
    }

    [Test]
    public async Task CreateKey_AtTheTiersLimit_Is409()
    {
        var (browser, _) = await SignedInAsync("free");
        using (browser)
        {
            using var second = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "two" });
            using var third = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "three" });
            var problem = await Problem.ReadAsync(third);

            Assert.Multiple(() =>
            {
                Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
                Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:key-limit-reached"));
                Assert.That(problem.Body.GetProperty("max_keys").GetInt32(), Is.EqualTo(2));
            });
        }
    }

    [Test]
    public async Task CreateKey_WithoutCsrfToken_Is403AndIssuesNothing()
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "forged" }, withCsrf: false);
            var list = await browser.GetJsonAsync("/dashboard/api/keys");

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
                Assert.That(list.GetProperty("keys").GetArrayLength(), Is.EqualTo(1));
            });
        }
    }

    [Test]
    public async Task CreateKey_WrongCsrfToken_Is403()
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            browser.CsrfToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "forged" });

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
    }

    [TestCase("", "name")]
    [TestCase("past", "expires_at")]
    public async Task CreateKey_InvalidField_Is400NamingIt(string name, string field)
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            object body = name == "past" ? new { name = "old", expires_at = DateTimeOffset.UtcNow.AddDays(-1) } : new { name };
            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", body);
            var problem = await Problem.ReadAsync(response);

            Assert.That(problem.ErrorFields, Is.EqualTo((string[])[field]));
        }
    }

    [Test]
    public async Task RevokeKey_Revokes_AndAudits()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            var other = await Operator.CreateKeyAsync(account.Id, new NewApiKey("old laptop"));
            var keyId = other.Record.KeyId;

            using var response = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/keys/{keyId}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var stored = await Operator.KeyStatusAsync(account.Id, keyId);
            var entry = await Operator.LatestAuditAsync(account.Id);

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(body.GetProperty("session_ended").GetBoolean(), Is.False);
                Assert.That(stored, Is.EqualTo("revoked"));
                Assert.That(entry.Action, Is.EqualTo("key.revoked"));
                Assert.That(entry.Actor, Is.EqualTo(account.KeyId));
                Assert.That(entry.KeyId, Is.EqualTo(keyId));
            });
        }
    }

    [Test]
    public async Task RevokeKey_TheSessionsOwnKey_EndsTheSession()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/keys/{account.KeyId}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            using var after = await browser.Http.GetAsync("/dashboard/api/keys");

            Assert.Multiple(() =>
            {
                Assert.That(body.GetProperty("session_ended").GetBoolean(), Is.True);
                Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            });
        }
    }

    [Test]
    public async Task RevokeKey_AnotherAccountsKey_Is404AndLeavesItAlone()
    {
        var (browser, _) = await SignedInAsync();
        var stranger = await NewAccountAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/keys/{stranger.KeyId}");
            var stored = await Operator.KeyStatusAsync(stranger.Id, stranger.KeyId);

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
                Assert.That(stored, Is.EqualTo("active"));
            });
        }
    }

    [Test]
    public async Task RevokeKey_WithoutCsrfToken_Is403()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/keys/{account.KeyId}", withCsrf: false);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
    }
}
