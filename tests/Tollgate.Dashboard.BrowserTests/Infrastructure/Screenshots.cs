using Microsoft.Playwright;

namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// Screenshots as test artifacts (attached to the test's result, in its work folder). With
/// <see cref="UpdateDocsVariable"/>=1 the README's screenshot (docs/dashboard.png) is replaced as well.
/// </summary>
public static class Screenshots
{
    /// <summary>Set to 1 to refresh docs/dashboard.png from this run.</summary>
    public const string UpdateDocsVariable = "TOLLGATE_UPDATE_DOCS_SCREENSHOT";

    /// <summary>Saves a full-page screenshot named <paramref name="name"/>.png and attaches it to the current test.</summary>
    public static async Task<string> TakeAsync(IPage page, string name, string description)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        TestContext.AddTestAttachment(path, description);
        return path;
    }

    /// <summary>Copies <paramref name="screenshot"/> to docs/dashboard.png when asked to (see <see cref="UpdateDocsVariable"/>).</summary>
    public static void PublishToDocs(string screenshot)
    {
        if (Environment.GetEnvironmentVariable(UpdateDocsVariable) != "1")
        {
            return;
        }
        var docs = RepositoryRoot.Combine("docs");
        Directory.CreateDirectory(docs);
        File.Copy(screenshot, Path.Combine(docs, "dashboard.png"), overwrite: true);
    }
}
