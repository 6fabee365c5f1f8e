using System.Net;
using System.Net.Sockets;

namespace Tollgate.Testing;

/// <summary>Loopback ports for servers the tests start, and addresses where nothing listens.</summary>
public static class FreePort
{
    /// <summary>A loopback port nothing listens on right now (another process may take it before the caller binds it).</summary>
    public static int Next()
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

    /// <summary>An http URL on 127.0.0.1 on a port free right now, for a real listener in a test (e.g. <c>Management:Urls</c>).</summary>
    public static string LoopbackUrl() => $"http://127.0.0.1:{Next()}";

    /// <summary>An http address on 127.0.0.1 where connections are refused: a dead upstream.</summary>
    public static Uri DeadAddress() => new($"http://127.0.0.1:{Next()}/");
}
