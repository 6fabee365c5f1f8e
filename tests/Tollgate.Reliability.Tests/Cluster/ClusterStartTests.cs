using System.Net;
using System.Net.Sockets;
using Tollgate.Reliability.Tests.Infrastructure;

namespace Tollgate.Reliability.Tests.Cluster;

/// <summary>
/// The throwaway cluster the failover tests (and <c>.ci/run</c>'s Cluster pass) stand on: its nodes' ports lie in the
/// kernel's ephemeral range, so a port probed free can be taken by any client socket before redis-server binds it.
/// </summary>
[NonParallelizable]
public sealed class ClusterStartTests
{
    [Test]
    public async Task StartNew_ANodesPortTakenBeforeItBinds_TheNodeMovesToAnotherPort_TheClusterComesUp()
    {
        // Found free, then taken by another program before the node binds it.
        var taken = RedisClusterProcess.FreeClusterPort();
        using var squatter = new TcpListener(IPAddress.Loopback, taken);
        squatter.Start();
        var handedOut = new List<int>();
        int NextPort()
        {
            var port = handedOut.Count == 0 ? taken : RedisClusterProcess.FreeClusterPort();
            handedOut.Add(port);
            return port;
        }

        await using var cluster = await RedisClusterProcess.StartNewAsync(TimeSpan.FromMilliseconds(1000), requireFullCoverage: false, NextPort);

        Assert.Multiple(() =>
        {
            Assert.That(handedOut[0], Is.EqualTo(taken), "the first node was offered the taken port");
            Assert.That(cluster.Ports, Has.Count.EqualTo(6));
            Assert.That(cluster.Ports, Has.No.Member(taken));
        });
        var (primary, replica) = await cluster.ShardOfAsync("tollgate:probe");
        Assert.That(cluster.Ports, Does.Contain(primary).And.Contain(replica), "a working cluster: the key's shard is served");
    }
}
