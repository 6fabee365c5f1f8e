using System.Diagnostics;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>Prometheus's own checker (the OS package's <c>promtool</c>) accepts deploy/observability as committed.</summary>
public sealed class PromtoolTests
{
    private const string Promtool = "promtool";

    [Test]
    public async Task CheckRules_AcceptsTheAlertRules()
    {
        var (exitCode, output) = await RunAsync("check", "rules", ObservabilityFiles.Rules);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"SUCCESS: {ObservabilityFiles.AlertRules().Count} rules found"));
    }

    [Test]
    public async Task CheckConfig_AcceptsTheScrapeConfigurationAndItsRuleFile()
    {
        var (exitCode, output) = await RunAsync("check", "config", ObservabilityFiles.PrometheusConfig);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("SUCCESS: 1 rule files found"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        if (ExecutableOnPath.Find(Promtool) is null)
        {
            Assert.Ignore("promtool is not installed (Debian: apt-get install prometheus; .ci/run installs it).");
        }
        var start = new ProcessStartInfo(Promtool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start promtool.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
