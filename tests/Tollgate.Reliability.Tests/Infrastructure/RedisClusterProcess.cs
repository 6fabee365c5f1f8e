using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>
/// A Redis Cluster of a test's own: three primaries, each with one replica, as six <see cref="RedisServerProcess"/>es on
/// loopback ports, nothing on disk, built with <c>redis-cli --cluster create … --cluster-replicas 1</c>. A short
/// <c>cluster-node-timeout</c> lets a test watch a whole failover (a primary killed, its replica promoted) in seconds.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private const int Primaries = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly Dictionary<int, RedisServerProcess> _nodes = [];

    private readonly bool _requireFullCoverage;

    private RedisClusterProcess(TimeSpan nodeTimeout, bool requireFullCoverage)
    {
        NodeTimeout = nodeTimeout;
        _requireFullCoverage = requireFullCoverage;
    }

    /// <summary><c>cluster-node-timeout</c>: how long a primary may be silent before it counts as failed.</summary>
    public TimeSpan NodeTimeout { get; }

    /// <summary>Every node's port, primaries and replicas.</summary>
    public IReadOnlyCollection<int> Ports => _nodes.Keys;

    /// <summary>All nodes as one StackExchange.Redis connection string, as an operator would configure it.</summary>
    public string ConnectionString => string.Join(',', _nodes.Keys.Select(p => $"127.0.0.1:{p}"));

    /// <summary>Starts six nodes, joins them into a cluster and waits until every node says <c>cluster_state:ok</c>.</summary>
    /// <param name="nodeTimeout"><c>cluster-node-timeout</c>.</param>
    /// <param name="requireFullCoverage"><c>cluster-require-full-coverage</c>: Redis's default, yes, has every node refuse
    /// every command (CLUSTERDOWN) while any slot has no live primary, that is from a primary's failure until its replica
    /// is promoted; no keeps the other slots served.</param>
    public static Task<RedisClusterProcess> StartNewAsync(TimeSpan nodeTimeout, bool requireFullCoverage) =>
        StartNewAsync(nodeTimeout, requireFullCoverage, FreeClusterPort);

    /// <summary>
    /// As <see cref="StartNewAsync(TimeSpan, bool)"/>, each node's port from <paramref name="nextPort"/>. The ports, and
    /// their bus ports (+ 10,000), lie in the kernel's ephemeral range, where any client socket may take one between
    /// probe and bind: a node that cannot bind moves to the next port (<see cref="RedisServerProcess.StartNewAsync(IEnumerable{string}, bool, IReadOnlyDictionary{string, string}?, Func{int}?, CancellationToken)"/>).
    /// </summary>
    internal static async Task<RedisClusterProcess> StartNewAsync(TimeSpan nodeTimeout, bool requireFullCoverage, Func<int> nextPort)
    {
        var cluster = new RedisClusterProcess(nodeTimeout, requireFullCoverage);
        try
        {
            for (var i = 0; i < Primaries * 2; i++)
            {
                var node = await RedisServerProcess.StartNewAsync(cluster.NodeArguments(), nextPort: nextPort);
                cluster._nodes[node.Port] = node;
            }
            var create = new List<string> { "--cluster", "create" };
            create.AddRange(cluster.Ports.Select(p => $"127.0.0.1:{p}"));
            create.AddRange(["--cluster-replicas", "1", "--cluster-yes"]);
            await RunCliAsync(create);
            await WaitAsync(cluster.IsSettledAsync, "every node sees cluster_state:ok with three primaries and three replicas");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The port of the primary serving <paramref name="key"/>'s hash slot and of its replica, from <c>CLUSTER KEYSLOT</c>
    /// and <c>CLUSTER NODES</c> as a live node reports them.
    /// </summary>
    public async Task<(int Primary, int Replica)> ShardOfAsync(string key)
    {
        var slot = int.Parse(await CliAsync(AnyLivePort(), "CLUSTER", "KEYSLOT", key), CultureInfo.InvariantCulture);
        var nodes = await NodesAsync();
        var primary = nodes.Single(n => n.IsPrimary && n.Slots.Any(r => r.From <= slot && slot <= r.To));
        var replica = nodes.Single(n => !n.IsPrimary && n.PrimaryId == primary.Id);
        return (primary.Port, replica.Port);
    }

    /// <summary>The port of the primary serving <paramref name="key"/>'s hash slot, as a live node sees it now.</summary>
    public async Task<int?> PrimaryOfAsync(string key)
    {
        var slot = int.Parse(await CliAsync(AnyLivePort(), "CLUSTER", "KEYSLOT", key), CultureInfo.InvariantCulture);
        var nodes = await NodesAsync();
        return nodes.SingleOrDefault(n => n.IsPrimary && !n.Failed && n.Slots.Any(r => r.From <= slot && slot <= r.To))?.Port;
    }

    /// <summary>Waits until the replication offset <paramref name="replica"/> acknowledged reaches its primary's.</summary>
    public async Task WaitForReplicaAsync(int primary, int replica)
    {
        if (!_nodes.ContainsKey(primary) || !_nodes.ContainsKey(replica))
        {
            throw new ArgumentException($"{primary} and {replica} must be live nodes of this cluster.");
        }
        await WaitAsync(async () =>
        {
            var info = await CliAsync(primary, "INFO", "replication");
            var offset = Field(info, "master_repl_offset");
            var acked = info.Split('\n').Select(l => l.Trim())
                .Where(l => l.StartsWith("slave", StringComparison.Ordinal) && l.Contains($"port={replica},", StringComparison.Ordinal))
                .Select(l => l.Split(',').Single(p => p.StartsWith("offset=", StringComparison.Ordinal))["offset=".Length..])
                .SingleOrDefault();
            return acked == offset;
        }, $"replica {replica} caught up with {primary}");
    }

    /// <summary>SIGKILL: the node dies at once, as in a crash or an OOM kill.</summary>
    public async Task KillAsync(int port)
    {
        var process = _nodes[port];
        _nodes.Remove(port);
        await process.DisposeAsync();
    }

    /// <summary>The cluster as a live node sees it (<c>CLUSTER NODES</c>).</summary>
    public async Task<IReadOnlyList<ClusterNode>> NodesAsync()
    {
        var text = await CliAsync(AnyLivePort(), "CLUSTER", "NODES");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ClusterNode.Parse).ToList();
    }

    /// <summary>A fresh admin connection to the cluster; the caller disposes it.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AllowAdmin = true;
        options.ConnectTimeout = 5000;
        options.AsyncTimeout = 5000;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var port in _nodes.Keys.ToList())
        {
            await KillAsync(port);
        }
    }

    private int AnyLivePort() => _nodes.Keys.First();

    private async Task<bool> IsSettledAsync()
    {
        foreach (var port in Ports)
        {
            if (!(await CliAsync(port, "CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }
        }
        var nodes = await NodesAsync();
        return nodes.Count(n => n.IsPrimary) == Primaries && nodes.Count(n => !n.IsPrimary) == Primaries;
    }

    /// <summary>A node's settings; <see cref="RedisServerProcess"/> adds port, loopback, its folder and no persistence.</summary>
    private string[] NodeArguments() =>
    [
        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", ((int)NodeTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        "--cluster-require-full-coverage", _requireFullCoverage ? "yes" : "no",
    ];

    private static Task WaitAsync(Func<Task<bool>> condition, string what) =>
        ChildProcess.WaitUntilAsync(condition, ReadyTimeout, TimeSpan.FromMilliseconds(50), () => $"Redis Cluster: {what}.");

    private static Task<string> CliAsync(int port, params string[] command) =>
        RunCliAsync(["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. command]);

    private static async Task<string> RunCliAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run redis-cli.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || (await output).StartsWith("Could not connect", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', start.ArgumentList)} failed: {await output}{await error}");
        }
        return await output;
    }

    private static string Field(string info, string name) =>
        info.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    /// <summary>A free loopback port whose cluster bus port (port + 10,000) is free too.</summary>
    internal static int FreeClusterPort()
    {
        while (true)
        {
            var port = FreePort.Next();
            if (port + 10_000 > IPEndPoint.MaxPort)
            {
                continue;
            }
            try
            {
                var bus = new TcpListener(IPAddress.Loopback, port + 10_000);
                bus.Start();
                bus.Stop();
                return port;
            }
            catch (SocketException)
            {
                // The bus port is taken; try another.
            }
        }
    }
}
