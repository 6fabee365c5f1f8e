using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Testing;

/// <summary>
/// Puts a <c>WebApplicationFactory</c> host on a real loopback socket with a port of the system's choosing.
/// </summary>
/// <remarks>
/// Not <c>UseKestrel(0)</c>: on a factory made by <c>WithWebHostBuilder</c> the port is silently dropped (the host is
/// built by the parent factory, which has none) and the service binds its configured default (8000, 8001, 8002), which
/// may be another process's; and with minimal hosting the port is swapped in while the entry point may already be
/// starting the server. Asking for port 0 through <c>Urls</c> has neither problem.
/// </remarks>
public static class KestrelAddress
{
    /// <summary>The configuration value that makes a service listen on 127.0.0.1 on a free port.</summary>
    public const string AnyLoopbackPort = "http://127.0.0.1:0";

    /// <summary>The address the started server actually listens on.</summary>
    public static Uri Of(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var bound = addresses.Addresses.Select(a => new Uri(a)).FirstOrDefault(a => a.Port != 0);
            if (bound is not null)
            {
                if (!bound.IsLoopback)
                {
                    throw new InvalidOperationException($"A test server listens on {bound}, not on loopback.");
                }
                return bound;
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"The test server reports no bound port: {string.Join(", ", addresses.Addresses)}.");
            }
            Thread.Sleep(10);
        }
    }
}
