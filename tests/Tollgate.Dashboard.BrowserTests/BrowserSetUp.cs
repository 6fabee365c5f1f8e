using Microsoft.Playwright;
using Tollgate.Dashboard.BrowserTests.Infrastructure;

namespace Tollgate.Dashboard.BrowserTests;

/// <summary>One system and one headless Chromium for the whole assembly; each test opens its own browser context.</summary>
[SetUpFixture]
public sealed class BrowserSetUp
{
    public static TollgateSystem System { get; private set; } = null!;

    public static IBrowser Browser { get; private set; } = null!;

    private static IPlaywright? _playwright;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // First, so a missing browser fails at once with what to install.
        Chromium.ExecutablePath();
        System = await TollgateSystem.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        await TestContext.Progress.WriteLineAsync(
            $"Dashboard at {System.DashboardUrl}; Chromium {Browser.Version}; {System.RedisDescription}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }
}
