using Microsoft.Playwright;

namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium (<c>apt-get install -y chromium</c>), launched headless by Playwright. Playwright's own
/// browser download is never used: no network but the package registries is reachable here.
/// </summary>
public static class Chromium
{
    /// <summary>Environment variable naming another Chromium executable.</summary>
    public const string PathVariable = "TOLLGATE_CHROMIUM";

    /// <summary>Where Debian's package installs it.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    // Flags that work as root in a container without a GPU, and keep Chromium from calling home.
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The executable to launch; fails the run with what to install when there is none.</summary>
    public static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } custom ? custom : DefaultPath;
        if (!File.Exists(path))
        {
            Assert.Fail($"The browser tests need Chromium at {path}: install it with `apt-get install -y chromium` " +
                $"(.ci/run does), or set {PathVariable} to a Chromium executable.");
        }
        return path;
    }

    /// <summary>
    /// A headless browser. Playwright gives each launch a fresh temporary user-data-dir, and each test its own
    /// context (cookies, storage), so nothing leaks between tests or runs.
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath(),
        Headless = true,
        Args = Arguments,
        Timeout = 30_000,
    });
}
