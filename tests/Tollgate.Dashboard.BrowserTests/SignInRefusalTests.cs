using Microsoft.Playwright;
using Tollgate.Core.Keys;
using Tollgate.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tollgate.Dashboard.BrowserTests;

/// <summary>Keys the dashboard refuses, in the browser: a clear message, no session.</summary>
public sealed class SignInRefusalTests : BrowserTest
{
    [Test]
    public async Task WrongKey_IsRefusedWithAClearMessage_AndNoSession()
    {
        await Page.GotoAsync(Stack.DashboardUrl);
        await Page.GetByLabel("API key", new() { Exact = true }).FillAsync(ApiKeyFormat.Generate());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(Page.Locator("#sign-in-error")).ToHaveTextAsync("No account has this key. Check that you copied all of it.");
        await Expect(Page.Locator("#dashboard-view")).ToBeHiddenAsync();
        await Screenshots.TakeAsync(Page, "sign-in-refused", "A well-formed but unknown key is refused");
        var cookies = await Context.CookiesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(cookies.Select(c => c.Name), Does.Not.Contain("tg_session"));
            Assert.That(cookies.Single(c => c.Name == "tg_signin").HttpOnly, Is.True);
            Assert.That(ConsoleErrors, Is.Empty);
        });
    }

    [Test]
    public async Task MalformedKey_IsRefusedSayingWhatAKeyLooksLike()
    {
        await Page.GotoAsync(Stack.DashboardUrl);
        await Page.GetByLabel("API key", new() { Exact = true }).FillAsync("my-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(Page.Locator("#sign-in-error")).ToContainTextAsync("not an API key");
        Assert.That(Page.Url, Does.Not.Contain("my-password"));
    }

    [Test]
    public async Task FeatureScopedKey_IsRefusedSayingWhichKeyMayManageTheAccount()
    {
        var consumer = await Stack.CreateConsumerAsync("free");
        var widgetKey = await Stack.CreateKeyAsync(consumer.AccountId, new NewApiKey("widget", Scopes: ["current"]));

        await Page.GotoAsync(Stack.DashboardUrl);
        await Page.GetByLabel("API key", new() { Exact = true }).FillAsync(widgetKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(Page.Locator("#sign-in-error")).ToContainTextAsync("without scopes or with scope 'account'");
        await Expect(Page.Locator("#dashboard-view")).ToBeHiddenAsync();
        Assert.That((await Context.CookiesAsync()).Select(c => c.Name), Does.Not.Contain("tg_session"));
    }
}
