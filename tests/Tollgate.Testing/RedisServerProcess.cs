using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Tollgate.Testing;

/// <summary>
/// A <c>redis-server</c> of a test's own on a free loopback port, in its own temp folder, which the test can kill
/// (SIGKILL, as a crash), restart on the same port and data, or freeze (SIGSTOP: the socket stays open, nothing
/// answers) and thaw. With <c>persist</c> it keeps what its configuration says (e.g. <c>deploy/redis.conf</c>: AOF,
/// fsync every second); otherwise nothing on disk.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private const string Executable = "redis-server";
    private const int PortAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly string[] _arguments;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private ChildProcess? _process;
    private bool _frozen;

    private RedisServerProcess(DirectoryInfo directory, int port, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        Directory = directory;
        Port = port;
        _arguments = arguments;
        _environment = environment;
    }

    /// <summary>The data folder (AOF and RDB files and the log live here).</summary>
    public DirectoryInfo Directory { get; }

    /// <summary>The loopback port; the same across restarts.</summary>
    public int Port { get; }

    /// <summary><c>host:port</c> for StackExchange.Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server's process id while it runs.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>True while the server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a new server and waits until it answers PING.</summary>
    /// <param name="deployConfig">Run <c>deploy/redis.conf</c> (AOF) rather than keep nothing on disk.</param>
    /// <param name="extraArguments">More <c>--name value</c> pairs, e.g. <c>--enable-debug-command yes</c>.</param>
    public static Task<RedisServerProcess> StartNewAsync(bool deployConfig, params string[] extraArguments) => deployConfig
        ? StartNewAsync([RepositoryRoot.Combine("deploy", "redis.conf"), .. extraArguments], persist: true)
        : StartNewAsync(extraArguments);

    /// <summary>
    /// Starts a new server with <paramref name="arguments"/> (a config file first, if any), then the port, loopback, the
    /// temp folder and, unless <paramref name="persist"/>, no persistence, which win over anything before them; waits
    /// until it answers (PING, or NOAUTH when the configuration requires signing in).
    /// </summary>
    /// <param name="arguments">The configuration: a file and/or <c>--name value</c> pairs.</param>
    /// <param name="persist">Keep the persistence the configuration asks for.</param>
    /// <param name="environment">Variables for the server process, e.g. libfaketime's (<see cref="FakeRedisTime"/>).</param>
    /// <param name="nextPort">Where each attempt's port comes from; default any free loopback port.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public static async Task<RedisServerProcess> StartNewAsync(
        IEnumerable<string> arguments, bool persist = false, IReadOnlyDictionary<string, string>? environment = null,
        Func<int>? nextPort = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (ExecutableOnPath.Find(Executable) is null)
        {
            throw new InvalidOperationException(
                "Tests need a Redis: set ConnectionStrings__Redis, run a Docker engine for Testcontainers, or install " +
                "redis-server on PATH (Debian/Ubuntu: sudo apt-get install -y redis-server).");
        }
        for (var attempt = 1; ; attempt++)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory("tollgate-redis-");
            var port = nextPort?.Invoke() ?? FreePort.Next();
            List<string> all =
            [
                .. arguments,
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory.FullName,
                "--daemonize", "no", "--logfile", Path.Combine(directory.FullName, "redis.log"),
            ];
            if (!persist)
            {
                all.AddRange(["--save", "", "--appendonly", "no"]);
            }
            var server = new RedisServerProcess(directory, port, [.. all], environment);
            try
            {
                await server.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts)
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

    /// <summary>Starts the server (again) with the same port, folder and settings, and waits until it answers.</summary>
    /// <param name="untilLoaded">False: return as soon as the server answers at all, e.g. <c>-LOADING</c> while it
    /// still reads its data.</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public async Task StartAsync(bool untilLoaded = true, CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
        _process = ChildProcess.Start(Executable, _arguments, _environment, Directory.FullName);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await AnswersAsync(untilLoaded, cancellationToken).ConfigureAwait(false))
        {
            if (_process.HasExited || watch.Elapsed > ReadyTimeout)
            {
                await KillAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"{Executable} did not answer PING on {ConnectionString} within {ReadyTimeout.TotalSeconds:0} s. Log:{Environment.NewLine}{LogTail()}");
            }
            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL: the server dies at once, without writing anything more, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        // A frozen server is killed as it is (SIGKILL ends a stopped process): thawed first, it would answer what was queued.
        _frozen = false;
        await _process.DisposeAsync().ConfigureAwait(false);
        _process = null;
    }

    /// <summary>SIGSTOP: the server keeps its connections open but answers nothing, like a hung or swapping host.</summary>
    public async Task FreezeAsync()
    {
        await Running().SignalAsync("STOP").ConfigureAwait(false);
        _frozen = true;
    }

    /// <summary>SIGCONT: the frozen server carries on (and runs every command queued meanwhile).</summary>
    public async Task ThawAsync()
    {
        if (_frozen)
        {
            await Running().SignalAsync("CONT").ConfigureAwait(false);
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
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }

    /// <summary>Sends one inline command without signing in and returns the first line of the answer.</summary>
    public async Task<string> SendAnonymousAsync(string command, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        ChildProcess.DeleteFolder(Directory);
    }

    private ChildProcess Running() => _process ?? throw new InvalidOperationException("The server is not running.");

    private async Task<bool> AnswersAsync(bool untilLoaded, CancellationToken cancellationToken)
    {
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(1));
            var reply = await SendAnonymousAsync("PING", attempt.Token).ConfigureAwait(false);
            // "-NOAUTH": up, and its configuration wants a sign-in; "-LOADING" (replaying the AOF) means not yet.
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal)
                || (!untilLoaded && reply.StartsWith("-LOADING", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
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
            return _process?.OutputTail ?? "(no log)";
        }
    }
}
