using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Tollgate.Testing;

/// <summary>
/// A program a test starts (redis-server, prometheus…): its output is read as it comes (a full pipe must never block
/// it) and its last lines kept for error messages; it is killed with its children on dispose and, as a safety net,
/// when the test process exits without disposing.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 50;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote to stdout and stderr.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output);

    /// <summary>Starts <paramref name="executable"/> (from PATH or a full path) with <paramref name="arguments"/>, each passed as is.</summary>
    /// <param name="executable">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Variables set for it on top of the test's environment.</param>
    /// <param name="workingDirectory">Its working folder; default the test's.</param>
    public static ChildProcess Start(
        string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends a signal by name (e.g. <c>STOP</c>, <c>CONT</c>) with <c>kill</c>.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, Id.ToString(CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} failed.");
        }
    }

    /// <summary>SIGKILL, children included: it ends at once, as in a crash; waits until it has.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Deletes a test's temp folder; one left behind is not worth failing a test for.</summary>
    public static void DeleteFolder(DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleaning.
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every <paramref name="interval"/>; a <see cref="TimeoutException"/> saying <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, Func<string> what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what()}");
            }
            await Task.Delay(interval).ConfigureAwait(false);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
