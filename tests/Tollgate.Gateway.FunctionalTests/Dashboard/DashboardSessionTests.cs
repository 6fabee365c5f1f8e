using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>A session's life: what it opens, what ends it, and what it never opens.</summary>
public sealed class DashboardSessionTests : DashboardTestBase
{
    [TestCase("/dashboard/api/usage")]
    [TestCase("/dashboard/api/usage-history")]
    [TestCase("/dashboard/api/keys")]
    [TestCase("/dashboard/api/tiers")]
    public async Task Api_WithoutSession_Is401Problem(string path)
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync(path);
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:dashboard-session-required"));
        });
    }

    [Test]
    public async Task Api_WithAdminToken_IsStill401()
    {
        // A bearer token does not open the dashboard's API: a scheme of its own.
        using var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "an-admin-token-0123456789abcdef0123456789");
        using var response = await client.GetAsync("/dashboard/api/keys");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Admin_WithSessionCookie_IsNotAnswered()
    {
        // The gateway answers nothing under /admin: the admin API is internal, and never routed to.
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.Http.GetAsync($"/admin/accounts/{account.Id}");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task Api_UnknownSessionCookie_Is401AndClearsTheCookie()
    {
        using var browser = new DashboardClient(Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/api/keys");
        request.Headers.Add("Cookie", "tg_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        using var response = await browser.Http.SendAsync(request);
        var problem = await Problem.ReadAsync(response);
        var cleared = SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]).Single(c => c.Name == "tg_session");

        Assert.Multiple(() =>
        {
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:dashboard-session-ended"));
            Assert.That(cleared.Expires, Is.LessThan(DateTimeOffset.UtcNow));
        });
    }

    [Test]
    public async Task SignOut_EndsTheSession()
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            using var signOut = await browser.SendAsync(HttpMethod.Delete, "/dashboard/api/session");
            using var after = await browser.Http.GetAsync("/dashboard/api/keys");
            var session = await browser.GetSessionAsync();

            Assert.Multiple(() =>
            {
                Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
                Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
                Assert.That(session.GetProperty("signed_in").GetBoolean(), Is.False);
            });
        }
    }

    [Test]
    public async Task SignOut_OldCookieReplayed_IsRefused()
    {
        // Signing out deletes the session server-side: a copy of the cookie taken before is worthless after.
        var account = await NewAccountAsync();
        using var browser = NewBrowser();
        using var signIn = await browser.SignInAsync(account.RawKey);
        var sessionId = SetCookieHeaderValue.ParseList([.. signIn.Headers.GetValues(HeaderNames.SetCookie)]).Single(c => c.Name == "tg_session").Value.Value;
        (await browser.SendAsync(HttpMethod.Delete, "/dashboard/api/session")).Dispose();

        using var replay = new HttpRequestMessage(HttpMethod.Get, "/dashboard/api/keys");
        replay.Headers.Add("Cookie", $"tg_session={sessionId}");
        using var raw = Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await raw.SendAsync(replay);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task SignOut_WithoutCsrfToken_Is403AndTheSessionLives()
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            using var signOut = await browser.SendAsync(HttpMethod.Delete, "/dashboard/api/session", withCsrf: false);
            using var after = await browser.Http.GetAsync("/dashboard/api/keys");

            Assert.Multiple(() =>
            {
                Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
                Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            });
        }
    }

    [Test]
    public async Task Session_KeyRevokedByAnAdmin_EndsOnTheNextRequest()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            await Operator.RevokeKeyAsync(account.Id, account.KeyId);

            using var response = await browser.Http.GetAsync("/dashboard/api/usage");
            var problem = await Problem.ReadAsync(response);

            Assert.Multiple(() =>
            {
                Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:dashboard-session-ended"));
                Assert.That(problem.Detail, Does.Contain("revoked"));
            });
        }
    }

    [Test]
    public async Task Session_KeyRotatedAway_Ends()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            await Operator.RotateKeyAsync(account.Id, account.KeyId);

            using var response = await browser.Http.GetAsync("/dashboard/api/keys");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task Session_AccountDeleted_Ends()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            await Operator.DeleteAccountAsync(account.Id);

            using var response = await browser.Http.GetAsync("/dashboard/api/tiers");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task Session_IsHonouredByAnotherInstance()
    {
        // Sessions live in Redis: a second gateway on the same Redis knows the cookie.
        var account = await NewAccountAsync();
        using var browser = NewBrowser();
        var sessionId = await SessionCookieOfAsync(browser, account);
        await using var other = NewHost();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/api/keys");
        request.Headers.Add("Cookie", $"tg_session={sessionId}");
        using var raw = other.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        using var response = await raw.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<string> SessionCookieOfAsync(DashboardClient browser, TestAccount account)
    {
        using var response = await browser.SignInAsync(account.RawKey);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]).Single(c => c.Name == "tg_session").Value.Value!;
    }
}
