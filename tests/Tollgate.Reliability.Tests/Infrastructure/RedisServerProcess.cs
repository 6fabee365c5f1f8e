using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>
/// A <c>redis-server</c> of a test's own on a free loopback port, in its own temp folder, which the test can
/// kill (SIGKILL, as a crash), restart on the same data, or freeze (SIGSTOP: the socket stays open, nothing
/// answers) and thaw. With <c>deployConfig</c> it runs <c>deploy/redis.conf</c> (AOF, fsync every second), as
/// deployed; otherwise it keeps nothing on disk.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly string[] _arguments;
    private Process? _process;
    private bool _frozen;

    private RedisServerProcess(DirectoryInfo directory, int port, string[] arguments)
    {
        Directory = directory;
        Port = port;
        _arguments = arguments;
        // Safety net: a test run that ends without disposing must not leave a server behind.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The data folder (AOF and RDB files live here).</summary>
    public DirectoryInfo Directory { get; }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server's process id while it runs.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Starts a new server and waits until it answers PING.</summary>
    /// <param name="deployConfig">Run <c>deploy/redis.conf</c> (AOF) rather than keep nothing on disk.</param>
    /// <param name="extraArguments">More <c>--name value</c> pairs, e.g. <c>--enable-debug-command yes</c>.</param>
    public static async Task<RedisServerProcess> StartNewAsync(bool deployConfig, params string[] extraArguments)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("tollgate-reliability-redis-");
        var port = FreePort.Next();
        var portText = port.ToString(CultureInfo.InvariantCulture);
        string[] arguments = deployConfig
            ? [RepositoryRoot.Combine("deploy", "redis.conf"), "--dir", directory.FullName, "--port", portText, "--bind", "127.0.0.1",
               "--daemonize", "no", "--logfile", Path.Combine(directory.FullName, "redis.log")]
            : ["--port", portText, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.FullName,
               "--daemonize", "no", "--logfile", Path.Combine(directory.FullName, "redis.log")];
        var server = new RedisServerProcess(directory, port, [.. arguments, .. extraArguments]);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) with the same port, folder and settings, and waits until it answers PING.</summary>
    /// <param name="untilLoaded">False: return as soon as the server answers at all, e.g. <c>-LOADING</c> while it
    /// still reads its data.</param>
    public async Task StartAsync(bool untilLoaded = true)
    {
        if (_process is { HasExited: false })
        {
            return;
        }
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var watch = Stopwatch.StartNew();
        while (!await AnswersPingAsync(untilLoaded))
        {
            if (_process.HasExited || watch.Elapsed > ReadyTimeout)
            {
                throw new InvalidOperationException($"redis-server on {ConnectionString} did not answer PING. Log:{Environment.NewLine}{LogTail()}");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>SIGKILL: the server dies at once, without writing anything more, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (_frozen)
        {
            await SignalAsync("CONT");
            _frozen = false;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the server keeps its connections open but answers nothing, like a hung or swapping host.</summary>
    public async Task FreezeAsync()
    {
        await SignalAsync("STOP");
        _frozen = true;
    }

    /// <summary>SIGCONT: the frozen server carries on (and runs every command queued meanwhile).</summary>
    public async Task ThawAsync()
    {
        if (_frozen)
        {
            await SignalAsync("CONT");
            _frozen = false;
        }
    }

    /// <summary>A fresh admin connection to this server; the caller disposes it.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AllowAdmin = true;
        options.ConnectTimeout = 5000;
        options.AsyncTimeout = 10_000;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await KillAsync();
        try
        {
            Directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, Pid.ToString(CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Pid} failed.");
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<bool> AnswersPingAsync(bool untilLoaded = true)
    {
        try
        {
            using var client = new TcpClient();
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), attempt.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, attempt.Token);
            // "-LOADING" (replaying the AOF) means not yet.
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || (!untilLoaded && reply.StartsWith("-LOADING", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private string LogTail()
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(Path.Combine(Directory.FullName, "redis.log")).TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
