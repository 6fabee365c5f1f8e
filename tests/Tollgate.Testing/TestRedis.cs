using DotNet.Testcontainers.Builders;
using StackExchange.Redis;
using Testcontainers.Redis;

namespace Tollgate.Testing;

/// <summary>
/// A real Redis for tests, meant to be shared by one test assembly (hold it in an NUnit
/// <c>[SetUpFixture]</c>). It is chosen in this order:
/// <list type="number">
/// <item>the <c>ConnectionStrings__Redis</c> environment variable, used as is (point it only at a throwaway
/// Redis: <see cref="FlushAsync"/> empties it);</item>
/// <item>a Testcontainers Redis when a Docker engine answers (the probe gives up within a couple of seconds);</item>
/// <item>a <c>redis-server</c> from PATH on a free loopback port, without persistence, killed on dispose.</item>
/// </list>
/// Only the last can have its clock driven by tests (<see cref="TestClock"/>): it runs under libfaketime when
/// that is installed. The limiter's windows run on Redis's clock, so tests that move time need it.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    /// <summary>The environment variable that points the tests at an existing Redis.</summary>
    public const string ConnectionStringVariable = "ConnectionStrings__Redis";

    /// <summary>The image used when Testcontainers is available; the version the deploy configs run.</summary>
    public const string ContainerImage = "redis:7.0";

    // Without an engine, Testcontainers fails in well under a second; a hung socket must not stall the run either.
    private static readonly TimeSpan DockerProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ContainerStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(15);

    private readonly RedisContainer? _container;
    private readonly LocalRedisProcess? _process;
    private readonly ConnectionMultiplexer _multiplexer;

    private TestRedis(TestRedisMode mode, string connectionString, string description, ConnectionMultiplexer multiplexer,
        RedisContainer? container, LocalRedisProcess? process)
    {
        Mode = mode;
        ConnectionString = connectionString;
        Description = description;
        _multiplexer = multiplexer;
        _container = container;
        _process = process;
        WhyClockIsReal = mode switch
        {
            TestRedisMode.Environment => $"the Redis from {ConnectionStringVariable} runs on its own clock",
            TestRedisMode.Container => "the Testcontainers Redis runs on its own clock",
            _ => process?.WhyTimeIsReal ?? "",
        };
    }

    /// <summary>Where this Redis comes from.</summary>
    public TestRedisMode Mode { get; }

    /// <summary>The connection string to give the services under test (<c>ConnectionStrings:Redis</c>).</summary>
    public string ConnectionString { get; }

    /// <summary>One line saying which Redis the tests run on, and why, for the test log.</summary>
    public string Description { get; }

    /// <summary>
    /// Why tests cannot set this Redis's clock, for an <c>Assert.Ignore</c>; empty when they can (a local
    /// redis-server under libfaketime whose clock answered as set).
    /// </summary>
    public string WhyClockIsReal { get; private set; }

    /// <summary>The server's clock, when tests can set it.</summary>
    internal FakeRedisTime? Time => WhyClockIsReal.Length == 0 ? _process?.Time : null;

    /// <summary>A connection for the tests' own checks and set-up, with admin commands allowed.</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer;

    /// <summary>Database 0 of <see cref="Multiplexer"/>.</summary>
    public IDatabase Database => _multiplexer.GetDatabase();

    /// <summary>Finds or starts a Redis as described on the type.</summary>
    public static async Task<TestRedis> CreateAsync(CancellationToken cancellationToken = default)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var multiplexer = await ConnectAdminAsync(fromEnvironment).ConfigureAwait(false);
            return new TestRedis(TestRedisMode.Environment, fromEnvironment,
                $"Redis from {ConnectionStringVariable} ({Endpoints(multiplexer)})", multiplexer, null, null);
        }

        var (container, whyNot) = await TryStartContainerAsync(cancellationToken).ConfigureAwait(false);
        if (container is not null)
        {
            try
            {
                var connectionString = container.GetConnectionString();
                var multiplexer = await ConnectAdminAsync(connectionString).ConfigureAwait(false);
                return new TestRedis(TestRedisMode.Container, connectionString,
                    $"Testcontainers {ContainerImage} at {connectionString}", multiplexer, container, null);
            }
            catch
            {
                await container.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var process = await LocalRedisProcess.StartNewAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var multiplexer = await ConnectAdminAsync(process.ConnectionString).ConfigureAwait(false);
            var redis = new TestRedis(TestRedisMode.LocalProcess, process.ConnectionString,
                $"local {process.Version} at {process.ConnectionString} (Testcontainers not used: {whyNot})", multiplexer, null, process);
            await redis.CheckClockAsync().ConfigureAwait(false);
            return redis;
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Redis <c>TIME</c>.</summary>
    public async Task<DateTimeOffset> TimeAsync()
    {
        var time = (RedisValue[])(await Database.ExecuteAsync("TIME").ConfigureAwait(false))!;
        return DateTimeOffset.UnixEpoch.AddSeconds((long)time[0]).AddTicks((long)time[1] * TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>Sets the server's clock once and reads it back: a libfaketime that does not take leaves the clock real.</summary>
    private async Task CheckClockAsync()
    {
        if (_process?.Time is not { } time)
        {
            return;
        }
        var probe = new DateTimeOffset(2001, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);
        time.Freeze(probe);
        try
        {
            var answered = await TimeAsync().ConfigureAwait(false);
            if (answered != probe)
            {
                WhyClockIsReal = $"the local redis-server under libfaketime answered TIME {answered:O} for {probe:O}";
            }
        }
        finally
        {
            time.RunReal();
        }
    }

    /// <summary>A further, independent connection, e.g. to stand in for another gateway instance. The caller disposes it.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync() => await ConnectAdminAsync(ConnectionString).ConfigureAwait(false);

    /// <summary>Empties every database (FLUSHALL). Loaded scripts survive.</summary>
    public async Task FlushAsync()
    {
        foreach (var server in await PrimariesAsync().ConfigureAwait(false))
        {
            await server.FlushAllDatabasesAsync().ConfigureAwait(false);
        }
    }

    /// <summary>EVALSHA calls every primary has run since start (INFO commandstats): the limiter's script calls, summed.</summary>
    public async Task<long> ScriptCallsAsync()
    {
        var calls = 0L;
        foreach (var server in await PrimariesAsync().ConfigureAwait(false))
        {
            var stats = await server.InfoAsync("commandstats").ConfigureAwait(false);
            var evalsha = stats.SelectMany(g => g).FirstOrDefault(e => e.Key == "cmdstat_evalsha").Value;
            calls += evalsha is null ? 0 : long.Parse(evalsha.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return calls;
    }

    /// <summary>Every key matching the SCAN <paramref name="pattern"/> (e.g. <c>RedisKeys.AccountPattern(id)</c>).</summary>
    public async Task<IReadOnlyList<RedisKey>> KeysAsync(RedisValue pattern)
    {
        var keys = new List<RedisKey>();
        foreach (var server in await PrimariesAsync().ConfigureAwait(false))
        {
            await foreach (var key in server.KeysAsync(database: 0, pattern: pattern, pageSize: 1000).ConfigureAwait(false))
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    /// <summary>Sum of <c>MEMORY USAGE … SAMPLES 0</c> (exact) over every key matching the SCAN <paramref name="pattern"/>.</summary>
    public async Task<long> MemoryUsageAsync(RedisValue pattern)
    {
        long total = 0;
        foreach (var key in await KeysAsync(pattern).ConfigureAwait(false))
        {
            var usage = await Database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", 0).ConfigureAwait(false);
            // A key may expire between SCAN and MEMORY USAGE; it then uses nothing.
            total += usage.IsNull ? 0 : (long)usage;
        }
        return total;
    }

    /// <summary>Kills the local redis-server, as a crash would; its data is lost. Local-process mode only.</summary>
    /// <exception cref="NotSupportedException">The Redis is not a process this fixture owns.</exception>
    public Task StopAsync() => OwnedProcess().StopAsync();

    /// <summary>
    /// Starts the local redis-server again on the same port and waits until <see cref="Multiplexer"/> has
    /// reconnected. Local-process mode only.
    /// </summary>
    /// <exception cref="NotSupportedException">The Redis is not a process this fixture owns.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await OwnedProcess().StartAsync(cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + ReconnectTimeout;
        while (true)
        {
            try
            {
                await Database.PingAsync().ConfigureAwait(false);
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stops the local redis-server without killing it (SIGSTOP): connections stay up, calls get no answer, as with a
    /// hung host. Always <see cref="ThawAsync"/> in a <c>finally</c>. Local-process mode only.
    /// </summary>
    /// <exception cref="NotSupportedException">The Redis is not a process this fixture owns.</exception>
    public Task FreezeAsync() => OwnedProcess().FreezeAsync();

    /// <summary>Lets a frozen redis-server carry on (SIGCONT); it then runs what was sent meanwhile. Nothing when not frozen.</summary>
    public Task ThawAsync() => OwnedProcess().ThawAsync();

    public async ValueTask DisposeAsync()
    {
        await _multiplexer.DisposeAsync().ConfigureAwait(false);
        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private LocalRedisProcess OwnedProcess() => _process ?? throw new NotSupportedException(
        $"Stopping and starting Redis needs the local redis-server mode; this run uses {Description}. " +
        $"Unset {ConnectionStringVariable} and stop Docker to run these tests.");

    /// <summary>
    /// The primaries, by each node's own ROLE now: the multiplexer's view of a freshly made cluster can still count a
    /// node that has just become a replica among the primaries (it refreshes the topology only later), and a replica
    /// answers FLUSHALL with READONLY.
    /// </summary>
    private async Task<List<IServer>> PrimariesAsync()
    {
        var primaries = new List<IServer>();
        foreach (var server in _multiplexer.GetServers().Where(s => s.IsConnected))
        {
            if (await server.RoleAsync().ConfigureAwait(false) is Role.Master)
            {
                primaries.Add(server);
            }
        }
        return primaries;
    }

    private static async Task<ConnectionMultiplexer> ConnectAdminAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // FLUSHALL and SCRIPT FLUSH are admin commands.
        options.AllowAdmin = true;
        options.ClientName = "tollgate-tests";
        options.ConnectTimeout = 5000;
        options.AsyncTimeout = 10_000;
        options.SyncTimeout = 10_000;
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }

    private static string Endpoints(ConnectionMultiplexer multiplexer) =>
        string.Join(", ", multiplexer.GetEndPoints().Select(e => e.ToString()));

    private static async Task<(RedisContainer? Container, string WhyNot)> TryStartContainerAsync(CancellationToken cancellationToken)
    {
        RedisContainer container;
        try
        {
            // Build() asks the Docker endpoint first and throws DockerUnavailableException when none answers.
            container = await Task.Run(() => new RedisBuilder(ContainerImage).Build(), cancellationToken)
                .WaitAsync(DockerProbeTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DockerUnavailableException)
        {
            return (null, "no Docker engine answers");
        }
        catch (TimeoutException)
        {
            return (null, $"the Docker probe took longer than {DockerProbeTimeout.TotalSeconds:0} s");
        }

        try
        {
            await container.StartAsync(cancellationToken).WaitAsync(ContainerStartTimeout, cancellationToken).ConfigureAwait(false);
            return (container, "");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Docker answers but cannot run the image (offline, no pull rights…): a local server still does the job.
            await container.DisposeAsync().ConfigureAwait(false);
            return (null, $"the container did not start ({e.GetType().Name}: {e.Message})");
        }
    }
}
