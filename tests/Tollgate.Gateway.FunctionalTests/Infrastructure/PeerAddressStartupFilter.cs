using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// Gives a test-host request the peer address named in its <see cref="HeaderName"/> header (the test server sets
/// none), before the gateway's own pipeline, as a socket would: to test what depends on who connected.
/// </summary>
public sealed class PeerAddressStartupFilter : IStartupFilter
{
    /// <summary>The header a test names the connecting address in.</summary>
    public const string HeaderName = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[HeaderName].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
