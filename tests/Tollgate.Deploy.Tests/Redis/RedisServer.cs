using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Deploy.Tests.Redis;

/// <summary>
/// A <c>redis-server</c> from PATH run with given arguments on a free loopback port, in a temp folder, for checks
/// of the deployed configuration against a real server. Killed on dispose.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private RedisServer(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts <c>redis-server</c> with <paramref name="arguments"/>, then this port, loopback, the temp folder and no
    /// persistence, which win over anything before them; waits until it accepts connections.
    /// </summary>
    public static async Task<RedisServer> StartAsync(IEnumerable<string> arguments)
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-deploy-redis-");
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory.FullName,
        };
        foreach (var argument in arguments.Concat([
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", directory.FullName, "--appendonly", "no", "--save", "", "--daemonize", "no", "--logfile", ""]))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new RedisServer(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await server.AcceptsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not start on port {port} (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            }
            await Task.Delay(25);
        }
        return server;
    }

    /// <summary>Sends one inline command without signing in and returns the first line of the answer.</summary>
    public async Task<string> SendAnonymousAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            // Any answer will do: without a password it is NOAUTH, which still means "up".
            return (await SendAnonymousAsync("PING")).Length > 0;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
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
}
