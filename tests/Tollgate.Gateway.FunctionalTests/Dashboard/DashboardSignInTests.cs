using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using StackExchange.Redis;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>Signing in with an API key: the cookie it sets, what it refuses, and what it never keeps.</summary>
public sealed class DashboardSignInTests : DashboardTestBase
{
    [Test]
    public async Task SignIn_ActiveKey_OpensASessionForItsAccount()
    {
        var account = await NewAccountAsync("pro");
        using var browser = NewBrowser();

        var session = await browser.SignInOkAsync(account.RawKey);
        var again = await browser.GetSessionAsync();

        Assert.Multiple(() =>
        {
            Assert.That(session.GetProperty("signed_in").GetBoolean(), Is.True);
            Assert.That(session.GetProperty("account").Str("id"), Is.EqualTo(account.Id));
            Assert.That(session.GetProperty("account").Str("tier"), Is.EqualTo("pro"));
            Assert.That(session.GetProperty("key").Str("key_id"), Is.EqualTo(account.KeyId));
            Assert.That(again.GetProperty("signed_in").GetBoolean(), Is.True, "the cookie carries the session");
            Assert.That(again.Str("csrf_token"), Is.EqualTo(session.Str("csrf_token")));
            Assert.That(session.GetRawText(), Does.Not.Contain(account.RawKey));
        });
    }

    [Test]
    public async Task SignIn_SetsAnHttpOnlyStrictSessionCookieForADay_OnlyForTheDashboard()
    {
        var account = await NewAccountAsync();
        using var browser = NewBrowser();

        using var response = await browser.SignInAsync(account.RawKey);
        var cookie = SessionCookie(response);

        Assert.Multiple(() =>
        {
            Assert.That(cookie.HttpOnly, Is.True);
            Assert.That(cookie.SameSite, Is.EqualTo(SameSiteMode.Strict));
            Assert.That(cookie.Path.Value, Is.EqualTo("/dashboard"));
            Assert.That(cookie.MaxAge, Is.EqualTo(TimeSpan.FromHours(24)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(cookie.Secure, Is.False, "plain http in the test host");
            Assert.That(cookie.Value.Length, Is.EqualTo(43), "256 random bits, base64url");
        });
    }

    [Test]
    public async Task SignIn_OverHttps_MarksTheCookieSecure()
    {
        var account = await NewAccountAsync();
        using var browser = new DashboardClient(Host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }));

        using var response = await browser.SignInAsync(account.RawKey);

        Assert.That(SessionCookie(response).Secure, Is.True);
    }

    [Test]
    public async Task SignIn_StoresOnlyADigestOfTheSessionIdWithA24HourTtl_NeverTheKey()
    {
        var account = await NewAccountAsync();
        using var browser = NewBrowser();

        using var response = await browser.SignInAsync(account.RawKey);
        var sessionId = SessionCookie(response).Value.Value!;
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(sessionId)));
        var db = RedisSetUp.Redis.Database;
        var stored = await db.HashGetAllAsync(RedisKeys.DashboardSession(digest));
        var ttl = await db.KeyTimeToLiveAsync(RedisKeys.DashboardSession(digest));
        var everything = string.Join(" ", stored.Select(e => $"{e.Name}={e.Value}"));

        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.Not.Empty);
            Assert.That(ttl, Is.GreaterThan(TimeSpan.FromHours(23.9)).And.LessThanOrEqualTo(TimeSpan.FromHours(24)));
            Assert.That(everything, Does.Contain(account.KeyId).And.Not.Contain(account.RawKey).And.Not.Contain(sessionId));
            Assert.That(db.KeyExists(RedisKeys.DashboardSession(sessionId)), Is.False, "not under the id itself");
        });
    }

    [Test]
    public async Task SignIn_UnknownKey_Is401ProblemWithoutCookie()
    {
        using var browser = NewBrowser();

        using var response = await browser.SignInAsync(ApiKeyFormat.Generate());
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:dashboard-sign-in-refused"));
            Assert.That(problem.Detail, Does.Contain("No account has this key"));
            Assert.That(response.Headers.TryGetValues(HeaderNames.SetCookie, out var cookies) && cookies.Any(c => c.StartsWith("tg_session=", StringComparison.Ordinal)),
                Is.False);
        });
    }

    [TestCase("tg_short")]
    [TestCase("not a key at all")]
    public async Task SignIn_MalformedKey_Is401SayingItIsNotAKey(string key)
    {
        using var browser = NewBrowser();

        using var response = await browser.SignInAsync(key);
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo(401));
            Assert.That(problem.Detail, Does.Contain("not an API key"));
        });
    }

    [Test]
    public async Task SignIn_RevokedKey_Is401()
    {
        var account = await NewAccountAsync();
        await Operator.RevokeKeyAsync(account.Id, account.KeyId);
        using var browser = NewBrowser();

        using var response = await browser.SignInAsync(account.RawKey);
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo(401));
            Assert.That(problem.Detail, Does.Contain("revoked"));
        });
    }

    [Test]
    public async Task SignIn_ExpiredKey_Is401()
    {
        var accountId = await Operator.CreateAccountIdAsync();
        var expired = await Host.Services.IssueKeyAsync(accountId, new NewApiKey("old", DateTimeOffset.UtcNow.AddMinutes(-1)));
        using var browser = NewBrowser();

        using var response = await browser.SignInAsync(expired.RawKey);
        var problem = await Problem.ReadAsync(response);

        Assert.That(problem.Detail, Does.Contain("expired"));
    }

    [Test]
    public async Task SignIn_WithoutTheFormToken_Is403AndChecksNoKey()
    {
        var account = await NewAccountAsync();
        using var browser = NewBrowser();
        await browser.GetSessionAsync();

        using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/session", new { api_key = account.RawKey }, withCsrf: false);
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:csrf-token-invalid"));
        });
    }

    [Test]
    public async Task SignIn_FormTokenWithoutItsCookie_Is403()
    {
        // Login CSRF: a token read elsewhere is worthless without the cookie of the same browser.
        var account = await NewAccountAsync();
        using var elsewhere = NewBrowser();
        await elsewhere.GetSessionAsync();
        using var browser = NewBrowser();
        browser.CsrfToken = elsewhere.CsrfToken;

        using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/session", new { api_key = account.RawKey });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task SignIn_MissingKey_Is400NamingTheField()
    {
        using var browser = NewBrowser();
        await browser.GetSessionAsync();

        using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/session", new { api_key = "" });
        var problem = await Problem.ReadAsync(response);

        Assert.That(problem.ErrorFields, Is.EqualTo((string[])["api_key"]));
    }

    [Test]
    public async Task Session_SignedOut_GivesAFormTokenAndItsCookie()
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync("/dashboard/api/session");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var cookie = SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]).Single(c => c.Name == "tg_signin");

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("signed_in").GetBoolean(), Is.False);
            Assert.That(body.Str("csrf_token"), Is.EqualTo(cookie.Value.Value));
            Assert.That(cookie.HttpOnly, Is.True);
            Assert.That(cookie.SameSite, Is.EqualTo(SameSiteMode.Strict));
        });
    }

    [Test]
    public async Task SignIn_NeverLogsTheKeyOrTheSessionId()
    {
        var account = await NewAccountAsync();
        using var browser = NewBrowser();
        using var refused = await browser.SignInAsync(account.RawKey[..^1] + (account.RawKey[^1] == 'a' ? 'b' : 'a'));
        using var accepted = await browser.SignInAsync(account.RawKey);
        var sessionId = SessionCookie(accepted).Value.Value!;
        (await browser.GetJsonAsync("/dashboard/api/keys")).GetRawText();

        Assert.Multiple(() =>
        {
            Assert.That(Host.Logs.Lines.Where(l => l.Contains(account.RawKey[10..], StringComparison.Ordinal)), Is.Empty, "no part of the key past its prefix");
            Assert.That(Host.Logs.Lines.Where(l => l.Contains(sessionId, StringComparison.Ordinal)), Is.Empty);
            Assert.That(Host.Logs.Lines.Any(l => l.Contains("Dashboard sign-in with key " + account.KeyId, StringComparison.Ordinal)), Is.True);
        });
    }

    private static SetCookieHeaderValue SessionCookie(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]).Single(c => c.Name == "tg_session");
    }
}
