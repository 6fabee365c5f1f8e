using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>Not ready while the warm-up runs (<see cref="WarmUpService"/>): a load balancer sends traffic once the request path is compiled.</summary>
internal sealed class WarmUpHealthCheck(WarmUpState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Finished.IsCompleted
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("warming up: compiling the request path before taking traffic"));
}
