using Microsoft.Extensions.Hosting;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>
/// Returns every lease's unused permits when the host stops, after the server has stopped taking requests and before the
/// Redis connection goes: a gateway taken out of service gives back what it held instead of stranding it.
/// </summary>
internal sealed class LeaseShutdown(IRateLimiter limiter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        limiter is LeasingRateLimiter leasing ? leasing.ReturnAllAsync(cancellationToken) : Task.CompletedTask;
}
