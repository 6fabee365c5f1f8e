using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tollgate.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tollgate.Dashboard.BrowserTests;

/// <summary>
/// A developer's visit through the gateway's /dashboard, in headless Chromium, against the real services, with the
/// operators' admin API process stopped: the accounts are made through it first, then it is shut down.
/// </summary>
public sealed partial class DashboardJourneyTests : BrowserTest
{
    private Consumer _freeConsumer = null!;
    private Consumer _proConsumer = null!;

    [OneTimeSetUp]
    public async Task SetUpAccountsThenStopTheAdminApiAsync()
    {
        _freeConsumer = await Stack.CreateConsumerAsync("free");
        _proConsumer = await Stack.CreateConsumerAsync("pro");
        var adminApi = Stack.AdminApi.Address;
        await Stack.StopAdminApiAsync();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.That(async () => (await probe.GetAsync(new Uri(adminApi, "/health/live"))).Dispose(), Throws.InstanceOf<HttpRequestException>(),
            "the admin API process is stopped");
    }

    [Test]
    public async Task Developer_SignsIn_WatchesUsage_ManagesKeys_Upgrades_AndSignsOut_WithTheAdminApiStopped()
    {
        var consumer = _freeConsumer;

        // Sign in with the account's key: the key goes in a form body, never a URL.
        await SignInAsync(consumer.RawKey);
        await Expect(Page.Locator("#account-email")).ToHaveTextAsync(consumer.Email);
        await Expect(Page.Locator("#account-tier")).ToHaveTextAsync("Free");
        var hourUsed = Page.Locator("#gauge-hour .used");
        await Expect(hourUsed).ToHaveTextAsync("0");
        await Expect(Page.Locator("#gauge-hour .limit")).ToHaveTextAsync("60");

        // A few weather calls through the gateway: the hour gauge moves without a reload (5 s refresh).
        await Stack.CallWeatherAsync(consumer.RawKey, 4);
        await Expect(hourUsed).ToHaveTextAsync("4");
        await Expect(Page.Locator("#gauge-day .used")).ToHaveTextAsync("4");
        await Expect(Page.Locator("#gauge-hour .reset")).ToContainTextAsync("56 left");
        await Expect(Page.Locator("#keys-table tbody tr", new() { HasText = "laptop" }).Locator(".last-used")).Not.ToHaveTextAsync("never");

        // Create a key: shown once, with a copy button and a warning.
        await Expect(Page.Locator("#key-limit")).ToHaveTextAsync("1 of 2 active keys on the Free plan.");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("ci pipeline");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var newKey = Page.Locator("#new-key");
        await Expect(newKey).ToBeVisibleAsync();
        await Expect(newKey).ToContainTextAsync("only time it is shown");
        var rawKey = await Page.GetByLabel("New API key", new() { Exact = true }).InputValueAsync();
        Assert.That(rawKey, Does.Match("^tg_[0-9A-Za-z]{38}$"));
        await newKey.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(Page.Locator("#copy-status")).Not.ToBeEmptyAsync();
        await Expect(Page.Locator("#key-limit")).ToHaveTextAsync(new Regex("^2 of 2 active keys on the Free plan"));
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Create key" })).ToBeDisabledAsync();

        // The new key works at the gateway; its calls show up per key.
        await Stack.CallWeatherAsync(rawKey, 3);
        await Stack.CallWeatherAsync(consumer.RawKey, 5);
        await Expect(hourUsed).ToHaveTextAsync("12");
        await Page.GetByRole(AriaRole.Button, new() { Name = "I have stored it" }).ClickAsync();
        await Expect(newKey).ToBeHiddenAsync();
        Assert.That(await Page.GetByLabel("New API key", new() { Exact = true }).InputValueAsync(), Is.Empty, "the raw key leaves the page with the panel");

        // Revoke it, after a confirmation.
        var ciRow = Page.Locator("#keys-table tbody tr", new() { HasText = "ci pipeline" });
        await ciRow.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Revoke key ci pipeline") }).ClickAsync();
        var dialog = Page.Locator("#confirm-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("cannot be undone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke key" }).ClickAsync();
        await Expect(ciRow.Locator(".status")).ToHaveTextAsync("revoked");
        await Expect(Page.Locator("#key-limit")).ToHaveTextAsync("1 of 2 active keys on the Free plan.");
        Assert.That(await EventuallyAsync(() => Stack.CallAsync(rawKey, "/api/v3/weather/current?city=Oslo"), HttpStatusCode.Unauthorized),
            Is.EqualTo(HttpStatusCode.Unauthorized), "revoked at the gateway");

        // Add a webhook endpoint for one event: its signing secret is shown once, the list shows the endpoint without it.
        await Page.GetByLabel("Endpoint URL", new() { Exact = true }).FillAsync("https://93.184.215.14/hooks/tollgate");
        await Page.Locator("#webhook-events").GetByLabel("usage.threshold", new() { Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secretPanel = Page.Locator("#new-webhook-secret");
        await Expect(secretPanel).ToBeVisibleAsync();
        await Expect(secretPanel).ToContainTextAsync("only time it is shown");
        var secret = await Page.GetByLabel("Webhook signing secret", new() { Exact = true }).InputValueAsync();
        Assert.That(secret, Does.Match("^whsec_[A-Za-z0-9+/]+=*$"));
        var hookRow = Page.Locator("#webhooks-table tbody tr", new() { HasText = "93.184.215.14" });
        await Expect(hookRow).ToContainTextAsync("usage.threshold");
        await Expect(Page.Locator("#webhooks-table")).Not.ToContainTextAsync(secret);
        await Expect(Page.Locator("#webhook-limit")).ToHaveTextAsync(new Regex("^1 of \\d+ endpoints"));
        await secretPanel.GetByRole(AriaRole.Button, new() { Name = "I have stored it" }).ClickAsync();
        await Expect(secretPanel).ToBeHiddenAsync();

        // Upgrade to Pro through the same rules and billing as the API; the gateway applies it at once.
        Assert.That(await Stack.CallAsync(consumer.RawKey, "/api/v3/weather/forecast/hourly?city=Oslo"), Is.EqualTo(HttpStatusCode.Forbidden));
        await Expect(Page.Locator("#tiers-table thead th[aria-current='true']")).ToContainTextAsync("Free");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upgrade to Pro" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("$29/month");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Upgrade to Pro" }).ClickAsync();
        await Expect(Page.Locator("#tier-message")).ToContainTextAsync("Moved from Free to Pro");
        await Expect(Page.Locator("#account-tier")).ToHaveTextAsync("Pro");
        await Expect(Page.Locator("#tiers-table thead th[aria-current='true']")).ToContainTextAsync("Pro");
        await Expect(Page.Locator("#gauge-hour .limit")).ToHaveTextAsync("600");
        Assert.That(await EventuallyAsync(() => Stack.CallAsync(consumer.RawKey, "/api/v3/weather/forecast/hourly?city=Oslo"), HttpStatusCode.OK),
            Is.EqualTo(HttpStatusCode.OK), "the Pro feature at the gateway");
        await Expect(hourUsed).ToHaveTextAsync("13");

        var screenshot = await Screenshots.TakeAsync(Page, "dashboard", "The dashboard after real weather calls, a key created and revoked, and an upgrade");
        Screenshots.PublishToDocs(screenshot);

        // Sign out: the session ends on the server, a reload shows the sign-in form.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.Locator("#sign-in-view")).ToBeVisibleAsync();
        await Expect(Page.Locator("#notice")).ToHaveTextAsync("You have signed out.");
        var keysAfter = await Page.APIRequest.GetAsync(new Uri(Stack.Gateway.Address, "/dashboard/api/keys").ToString());
        Assert.That(keysAfter.Status, Is.EqualTo(401));
        await Page.ReloadAsync();
        await Expect(Page.Locator("#sign-in-view")).ToBeVisibleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(ConsoleErrors, Is.Empty, "no script error and no Content-Security-Policy violation");
            Assert.That(Page.Url, Does.Not.Contain(consumer.RawKey).And.Not.Contain(rawKey));
            Assert.That(Stack.Gateway.Logs.Lines.Concat(Stack.AdminApi.Logs.Lines)
                .Where(l => l.Contains(consumer.RawKey[11..], StringComparison.Ordinal) || l.Contains(rawKey[11..], StringComparison.Ordinal)),
                Is.Empty, "no raw key in any log");
        });
    }

    [Test]
    public async Task RevokingTheKeyYouSignedInWith_EndsTheSession()
    {
        var consumer = _proConsumer;
        await SignInAsync(consumer.RawKey);

        await Page.Locator("#keys-table tbody tr", new() { HasText = "laptop" }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Revoke key laptop") }).ClickAsync();
        await Expect(Page.Locator("#confirm-dialog")).ToContainTextAsync("signs you out");
        await Page.Locator("#confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke key" }).ClickAsync();

        await Expect(Page.Locator("#sign-in-view")).ToBeVisibleAsync();
        await Expect(Page.Locator("#notice")).ToContainTextAsync("your session has ended");
        Assert.That(ConsoleErrors, Is.Empty);
    }

    private static async Task<HttpStatusCode> EventuallyAsync(Func<Task<HttpStatusCode>> call, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var status = await call();
        while (status != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = await call();
        }
        return status;
    }
}
