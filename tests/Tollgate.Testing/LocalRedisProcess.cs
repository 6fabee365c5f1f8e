using System.Diagnostics;

namespace Tollgate.Testing;

/// <summary>
/// The assembly's <c>redis-server</c> (<see cref="RedisServerProcess"/>, without persistence) when no other Redis is
/// given. It can be killed and started again on the same port, which fault tests use to take Redis away. When
/// libfaketime is installed it runs under it (<see cref="FakeRedisTime"/>), on the real clock until a test sets another.
/// </summary>
internal sealed class LocalRedisProcess : IAsyncDisposable
{
    private readonly RedisServerProcess _server;
    private readonly DirectoryInfo _clockFolder;

    private LocalRedisProcess(RedisServerProcess server, DirectoryInfo clockFolder, FakeRedisTime? time, string whyTimeIsReal, string version)
    {
        _server = server;
        _clockFolder = clockFolder;
        Time = time;
        WhyTimeIsReal = whyTimeIsReal;
        Version = version;
    }

    /// <summary><c>host:port</c> for StackExchange.Redis; the same across restarts.</summary>
    public string ConnectionString => _server.ConnectionString;

    /// <summary>The server's version line, e.g. "Redis server v=7.0.15 …".</summary>
    public string Version { get; }

    /// <summary>The server's wall clock, when libfaketime is installed; else null (see <see cref="WhyTimeIsReal"/>).</summary>
    public FakeRedisTime? Time { get; }

    /// <summary>Why <see cref="Time"/> is null; empty otherwise.</summary>
    public string WhyTimeIsReal { get; }

    public static async Task<LocalRedisProcess> StartNewAsync(CancellationToken cancellationToken)
    {
        var clockFolder = Directory.CreateTempSubdirectory("tollgate-redis-clock-");
        try
        {
            var time = FakeRedisTime.TryCreate(clockFolder, out var whyNot);
            var server = await RedisServerProcess.StartNewAsync([], environment: time?.Environment, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var version = await ReadVersionAsync(cancellationToken).ConfigureAwait(false);
            return new LocalRedisProcess(server, clockFolder, time, whyNot, version);
        }
        catch
        {
            ChildProcess.DeleteFolder(clockFolder);
            throw;
        }
    }

    /// <summary>Starts the server again on the same port and waits until it answers PING.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _server.StartAsync(cancellationToken: cancellationToken);

    /// <summary>Kills the server at once, as a crash would; its data is gone (nothing is persisted).</summary>
    public Task StopAsync() => _server.KillAsync();

    /// <summary>SIGSTOP: the server keeps its connections but answers nothing, like a hung host (<see cref="ThawAsync"/> ends it).</summary>
    public Task FreezeAsync() => _server.FreezeAsync();

    /// <summary>SIGCONT: the frozen server carries on, running what was sent meanwhile.</summary>
    public Task ThawAsync() => _server.ThawAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        ChildProcess.DeleteFolder(_clockFolder);
    }

    private static async Task<string> ReadVersionAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-server", "--version") { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return output.Trim();
    }
}
