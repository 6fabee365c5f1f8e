using System.Globalization;
using System.Text.Json;

namespace Tollgate.Reliability.Tests.Observability;

/// <summary>
/// A real Prometheus (the OS package's <c>prometheus</c>, on PATH) on a free loopback port, scraping the given
/// targets every second and evaluating the given rule file every second, with its data in a temp folder. Killed on
/// dispose, and on process exit should a run end without disposing.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "prometheus";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _http;

    private PrometheusServer(ChildProcess process, DirectoryInfo directory, Uri address)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Why no Prometheus can run here, for an <c>Assert.Ignore</c>; null when it can.</summary>
    public static string? WhyUnavailable() => ExecutableOnPath.Find(Executable) is null
        ? "prometheus is not installed (Debian: apt-get install prometheus; .ci/run installs it)"
        : null;

    /// <summary>Starts Prometheus with <paramref name="ruleFile"/> and one job per <paramref name="targets"/> entry, and waits until it is ready.</summary>
    /// <param name="ruleFile">Absolute path of the rule file, loaded as it is.</param>
    /// <param name="targets">Job name and <c>host:port</c> of its <c>/metrics</c>.</param>
    public static async Task<PrometheusServer> StartAsync(string ruleFile, IReadOnlyDictionary<string, string> targets)
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-prometheus-");
        var port = FreePort.Next();
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        // The repository's rule file as it is; only the intervals are the test's, so an alert fires within seconds.
        var jobs = string.Concat(targets.Select(t => $"""
              - job_name: {t.Key}
                metrics_path: /metrics
                static_configs:
                  - targets: ["{t.Value}"]

            """));
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - "{ruleFile}"
            scrape_configs:
            {jobs}
            """);
        var process = ChildProcess.Start(Executable,
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--log.level=warn",
        ]);
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await ChildProcess.WaitUntilAsync(async () => process.HasExited
                    ? throw new InvalidOperationException($"prometheus exited:{Environment.NewLine}{process.OutputTail}")
                    : await server.IsReadyAsync(),
                ReadyTimeout, TimeSpan.FromMilliseconds(100), () => $"prometheus ready:{Environment.NewLine}{process.OutputTail}");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The alerts pending or firing now (<c>/api/v1/alerts</c>), as <c>alertname</c> and state.</summary>
    public async Task<IReadOnlyList<(string Name, string State, IReadOnlyDictionary<string, string> Labels)>> AlertsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri("api/v1/alerts", UriKind.Relative)));
        return
        [
            .. from alert in document.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
               let labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
               select (labels["alertname"], alert.GetProperty("state").GetString()!, (IReadOnlyDictionary<string, string>)labels),
        ];
    }

    /// <summary>The value of an instant query's first sample, or null when it returns none.</summary>
    public async Task<double?> QueryAsync(string promQl)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"api/v1/query?query={Uri.EscapeDataString(promQl)}", UriKind.Relative)));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        ChildProcess.DeleteFolder(_directory);
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
