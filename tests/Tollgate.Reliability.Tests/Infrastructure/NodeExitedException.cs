namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>A cluster node's redis-server ended before answering (most often: its port was taken).</summary>
internal sealed class NodeExitedException(int port, string logTail)
    : Exception($"Redis Cluster: node {port} exited before answering. The end of its log:{Environment.NewLine}{logTail}");
