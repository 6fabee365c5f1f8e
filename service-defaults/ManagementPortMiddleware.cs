using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Tollgate.ServiceDefaults;

/// <summary>
/// Keeps the public and the management listener apart by the local port a request arrived on (which a client cannot
/// choose, unlike the Host header): on a management port only <see cref="ManagementEndpoint"/>s answer, anything else
/// gets 404 at once; on a public port a management-only endpoint is treated as no endpoint at all, so <c>/metrics</c>
/// answers exactly as an unknown path does.
/// </summary>
internal sealed class ManagementPortMiddleware(RequestDelegate next, IOptions<ManagementOptions> options)
{
    private readonly HashSet<int> _ports =
        [.. ListenAddresses.Split(options.Value.Urls).Select(ListenAddresses.PortOf).OfType<int>()];

    public Task InvokeAsync(HttpContext context)
    {
        var management = context.GetEndpoint()?.Metadata.GetMetadata<ManagementEndpoint>();
        if (_ports.Contains(context.Connection.LocalPort))
        {
            if (management is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
        }
        else if (management is { AlsoPublic: false })
        {
            context.SetEndpoint(null);
        }
        return next(context);
    }
}
