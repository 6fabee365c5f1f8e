using System.Diagnostics;
using System.Text.Json;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// Reads the gateway's answers as widely used clients do: Node.js <c>fetch</c> and the <c>ratelimit-header-parser</c>
/// npm package (HeaderClients/package.json, pinned by its lock file), restored with <c>npm ci</c> into a temp folder
/// so the source tree stays clean and parallel runs do not share a node_modules.
/// </summary>
public sealed class HeaderClientParser : IDisposable
{
    private static readonly string Source = RepositoryRoot.Combine("tests/Tollgate.Gateway.FunctionalTests/Limiting/HeaderClients");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly DirectoryInfo _folder;
    private readonly string _node;

    private HeaderClientParser(DirectoryInfo folder, string node)
    {
        _folder = folder;
        _node = node;
    }

    /// <summary>Restores the parser; ignores the test when Node.js or npm is not installed.</summary>
    public static async Task<HeaderClientParser> RestoreAsync()
    {
        if (ExecutableOnPath.Find("node") is not { } node || ExecutableOnPath.Find("npm") is not { } npm)
        {
            Assert.Ignore("Needs Node.js and npm on PATH to read the headers as Node.js clients do.");
            throw new InvalidOperationException("unreachable");
        }
        var folder = Directory.CreateTempSubdirectory("tollgate-header-clients-");
        foreach (var file in new[] { "package.json", "package-lock.json", "parse-ratelimit.mjs" })
        {
            File.Copy(Path.Combine(Source, file), Path.Combine(folder.FullName, file));
        }
        var restore = await RunAsync(npm, folder, TimeSpan.FromMinutes(2), "ci", "--no-audit", "--no-fund", "--loglevel=error");
        if (restore.ExitCode != 0)
        {
            ChildProcess.DeleteFolder(folder);
            throw new InvalidOperationException($"npm ci of ratelimit-header-parser failed ({restore.ExitCode}): {restore.Output}");
        }
        return new HeaderClientParser(folder, node);
    }

    /// <summary>GETs <paramref name="url"/> with <paramref name="apiKey"/> from Node.js and parses the answer's headers.</summary>
    public async Task<HeaderClientReading> GetAsync(Uri url, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(url);
        var run = await RunAsync(_node, _folder, TimeSpan.FromSeconds(30), "parse-ratelimit.mjs", url.ToString(), apiKey);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"node parse-ratelimit.mjs failed ({run.ExitCode}): {run.Output}");
        }
        return JsonSerializer.Deserialize<HeaderClientReading>(run.Output, Json)
            ?? throw new InvalidOperationException($"node printed no reading: {run.Output}");
    }

    public void Dispose() => ChildProcess.DeleteFolder(_folder);

    private static async Task<(int ExitCode, string Output)> RunAsync(string executable, DirectoryInfo folder, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.FullName,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not end within {timeout.TotalSeconds:0} s.");
        }
        var text = (await output).Trim();
        var error = (await errors).Trim();
        return (process.ExitCode, process.ExitCode == 0 ? text : $"{text}\n{error}");
    }
}
