using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// Gives every test-host request the peer address <paramref name="address"/> (the test server sets none), before
/// the service's own pipeline, as a socket would: to test what depends on who connected.
/// </summary>
public sealed class ClientAddressStartupFilter(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
