using Microsoft.Playwright;

namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// A fresh browser context and page per test (own cookies), console errors and page errors recorded (a CSP
/// violation shows up there), Playwright's expectations made patient enough for the 5 s usage refresh.
/// </summary>
public abstract class BrowserTest
{
    private readonly List<string> _consoleErrors = [];

    protected static TollgateSystem Stack => BrowserSetUp.System;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>Console errors other than failed loads (a refused sign-in is a 401 the browser reports there).</summary>
    protected IReadOnlyList<string> ConsoleErrors =>
        [.. _consoleErrors.Where(e => !e.StartsWith("Failed to load resource", StringComparison.Ordinal))];

    /// <summary>The viewport; override for a phone.</summary>
    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 900 };

    [SetUp]
    public async Task OpenPageAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        Context = await BrowserSetUp.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = Viewport,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        Context.SetDefaultTimeout(15_000);
        await Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions
        {
            Origin = Stack.Gateway.Address.GetLeftPart(UriPartial.Authority),
        });
        Page = await Context.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
        Page.PageError += (_, error) => _consoleErrors.Add("page error: " + error);
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        if (Page is not null && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await Screenshots.TakeAsync(Page, TestContext.CurrentContext.Test.Name + "-failure", "The page when the test failed");
        }
        if (Context is not null)
        {
            await Context.CloseAsync();
        }
    }

    /// <summary>Opens the dashboard through the gateway and signs in with <paramref name="rawKey"/> as a person would.</summary>
    protected async Task SignInAsync(string rawKey)
    {
        await Page.GotoAsync(Stack.DashboardUrl);
        await Page.GetByLabel("API key", new() { Exact = true }).FillAsync(rawKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#dashboard-view")).ToBeVisibleAsync();
    }
}
