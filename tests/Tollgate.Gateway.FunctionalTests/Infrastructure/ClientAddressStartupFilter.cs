using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// Gives every test-host request a peer address (the test server sets none), before the gateway's own pipeline,
/// as a socket would: to test what depends on who connected. The address is asked for per request, so a test can
/// move its browser to another network.
/// </summary>
public sealed class ClientAddressStartupFilter(Func<IPAddress> address) : IStartupFilter
{
    public ClientAddressStartupFilter(IPAddress address)
        : this(() => address)
    {
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address();
            return nextMiddleware(context);
        });
        next(app);
    };
}
