using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Testing;

/// <summary>
/// A <c>redis-server</c> child process on a free loopback port, without persistence, in its own temp
/// folder. It can be killed and started again on the same port, which fault tests use to take Redis away.
/// When libfaketime is installed it runs under it (<see cref="FakeRedisTime"/>), on the real clock until a test
/// sets another.
/// </summary>
internal sealed class LocalRedisProcess : IAsyncDisposable
{
    private const string Executable = "redis-server";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    private readonly string _executable;
    private readonly DirectoryInfo _directory;
    private Process? _process;

    private LocalRedisProcess(string executable, DirectoryInfo directory, int port)
    {
        _executable = executable;
        _directory = directory;
        Port = port;
        Time = FakeRedisTime.TryCreate(directory, out var whyNot);
        WhyTimeIsReal = whyNot;
        // Safety net: a test host that exits without tearing down must not leave a server behind.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The loopback port the server listens on; the same across restarts.</summary>
    public int Port { get; }

    /// <summary><c>host:port</c> for StackExchange.Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server's version line, e.g. "Redis server v=7.0.15 …".</summary>
    public string Version { get; private set; } = "";

    /// <summary>The server's wall clock, when libfaketime is installed; else null (see <see cref="WhyTimeIsReal"/>).</summary>
    public FakeRedisTime? Time { get; }

    /// <summary>Why <see cref="Time"/> is null; empty otherwise.</summary>
    public string WhyTimeIsReal { get; }

    /// <summary>True while the server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    public static async Task<LocalRedisProcess> StartNewAsync(CancellationToken cancellationToken)
    {
        var executable = FindOnPath(Executable) ?? throw new InvalidOperationException(
            "Tests need a Redis: set ConnectionStrings__Redis, run a Docker engine for Testcontainers, or install " +
            "redis-server on PATH (Debian/Ubuntu: sudo apt-get install -y redis-server).");

        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("tollgate-redis-");
            var server = new LocalRedisProcess(executable, directory, FreeLoopbackPort());
            try
            {
                server.Version = await ReadVersionAsync(executable, cancellationToken).ConfigureAwait(false);
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                // Most likely another process took the free port between probe and bind: try another one.
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }
        var logFile = Path.Combine(_directory.FullName, "redis.log");
        var start = new ProcessStartInfo(_executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory.FullName,
        };
        foreach (var argument in (string[])
            ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--save", "", "--appendonly", "no", "--dir", _directory.FullName, "--logfile", logFile,
             "--daemonize", "no"])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in Time?.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_executable}.");
        // Drain the pipes so the server can never block on a full one.
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (!await AnswersPingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                await StopAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"{_executable} did not answer PING on {ConnectionString} within {ReadyTimeout.TotalSeconds:0} s. Log:{Environment.NewLine}{ReadLogTail(logFile)}");
            }
            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server at once, as a crash would; its data is gone (nothing is persisted).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAsync().ConfigureAwait(false);
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test run for.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), attempt.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, attempt.Token).ConfigureAwait(false);
            // "-LOADING" and friends mean "not yet".
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<string> ReadVersionAsync(string executable, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable, "--version") { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return output.Trim();
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string ReadLogTail(string logFile)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(logFile).TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
