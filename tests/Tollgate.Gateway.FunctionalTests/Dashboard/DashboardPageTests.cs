using System.Net;
using System.Net.Http.Headers;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>The page and its assets: served from the assembly, Chart.js included, locked down by headers.</summary>
public sealed class DashboardPageTests : DashboardTestBase
{
    [TestCase("/dashboard")]
    [TestCase("/dashboard/")]
    public async Task Page_IsHtmlWithAStrictContentSecurityPolicy(string path)
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(),
                Does.Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(html, Does.Contain("<label for=\"api-key\">API key</label>"));
            // No CDN, no inline script: every script comes from this origin.
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<script>"));
        });
    }

    [TestCase("js/app.js", "text/javascript")]
    [TestCase("dashboard.css", "text/css")]
    [TestCase("vendor/chart.umd.js", "text/javascript")]
    public async Task Asset_IsServedWithItsTypeAndAnETag(string path, string mediaType)
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync($"/dashboard/assets/{path}");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Content.Headers.ContentLength, Is.GreaterThan(100));
        });
    }

    [Test]
    public async Task ChartJs_IsTheVersionPinnedByTheLockFile()
    {
        using var browser = NewBrowser();
        var script = await browser.Http.GetStringAsync("/dashboard/assets/vendor/chart.umd.js");

        Assert.That(script, Does.Contain("Chart.js v4.6.1"));
    }

    [Test]
    public async Task Asset_SameETag_Answers304()
    {
        using var browser = NewBrowser();
        using var first = await browser.Http.GetAsync("/dashboard/assets/js/app.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/js/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await browser.Http.SendAsync(request);

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Asset_Unknown_Is404Problem()
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync("/dashboard/assets/nope.js");
        var problem = await Problem.ReadAsync(response);

        Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:not-found"));
    }

    [Test]
    public async Task ApiAnswers_AreNeverCached()
    {
        using var browser = NewBrowser();
        using var response = await browser.Http.GetAsync("/dashboard/api/session");

        Assert.That(response.Headers.CacheControl, Is.EqualTo(CacheControlHeaderValue.Parse("no-store")));
    }
}
