using Microsoft.Playwright;
using Tollgate.Dashboard.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tollgate.Dashboard.BrowserTests;

/// <summary>The dashboard on a phone-width screen (375 CSS pixels): everything reachable, no sideways page scroll.</summary>
public sealed class PhoneLayoutTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 375, Height = 812 };

    [Test]
    public async Task Dashboard_At375Pixels_FitsTheScreenWidth()
    {
        var consumer = await Stack.CreateConsumerAsync("business");
        await Stack.CallWeatherAsync(consumer.RawKey, 2);

        await SignInAsync(consumer.RawKey);
        await Expect(Page.Locator("#gauge-hour .used")).ToHaveTextAsync("2");
        await Expect(Page.Locator("#tiers-table tbody button").First).ToBeVisibleAsync();
        await Screenshots.TakeAsync(Page, "dashboard-phone", "The dashboard 375 px wide");
        var pageWidth = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");

        Assert.Multiple(async () =>
        {
            Assert.That(pageWidth, Is.LessThanOrEqualTo(375), "wide tables scroll inside their own box, not the page");
            Assert.That(await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).IsVisibleAsync(), Is.True);
            Assert.That(await Page.GetByLabel("Name", new() { Exact = true }).IsVisibleAsync(), Is.True);
            Assert.That(ConsoleErrors, Is.Empty);
        });
    }
}
