using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Testing;

/// <summary>
/// Which listener a request reached, for hosts under test. The services tell their public listener from the
/// management one by the local port of the connection; the ASP.NET test server has no sockets, so
/// <see cref="StartupFilter"/> takes that port from the request's URL, as if each port in it were listened on:
/// <c>http://localhost:8100/metrics</c> reaches the management listener, <c>http://localhost/metrics</c> the public one.
/// </summary>
public static class ArrivalPort
{
    /// <summary>A startup filter that sets <c>Connection.LocalPort</c> to the port of the request's URL (80/443 when none).</summary>
    public static IStartupFilter StartupFilter { get; } = new PortFromUrl();

    private sealed class PortFromUrl : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.LocalPort = context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
