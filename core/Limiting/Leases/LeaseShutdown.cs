using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// Returns every lease's unused permits when the host stops, after the server has stopped taking requests and before the
/// Redis connection goes: a gateway taken out of service gives back what it held instead of stranding it.
/// </summary>
/// <remarks>
/// Resolves the limiter only when stopping with leases on: a host must not build its limiter (and connect to Redis) at
/// start for this.
/// </remarks>
internal sealed class LeaseShutdown(IServiceProvider services, IOptions<LeaseOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }
        IRateLimiter limiter;
        try
        {
            limiter = services.GetRequiredService<IRateLimiter>();
        }
        catch (ObjectDisposedException)
        {
            // The container went first (a host disposed without stopping, as some test hosts do): the limiter and its
            // Redis connection went with it, so there is nothing left that could return the permits.
            return Task.CompletedTask;
        }
        return limiter is LeasingRateLimiter leasing ? leasing.ReturnAllAsync(cancellationToken) : Task.CompletedTask;
    }
}
