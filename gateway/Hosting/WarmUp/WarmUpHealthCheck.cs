using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tollgate.ServiceDefaults;

namespace Tollgate.Gateway.Hosting.WarmUp;

/// <summary>
/// Not ready while the warm-up runs (<see cref="WarmUpService"/>): a load balancer sends traffic once the request path is
/// compiled. Degraded, not Unhealthy: readiness needs every check healthy (<see cref="HealthEndpoints"/>), and the health
/// check service logs an unhealthy result as an error on every probe, so each start of a gateway wrote an error line per
/// readiness probe for its first 15–20 s; a degraded one is a warning.
/// </summary>
internal sealed class WarmUpHealthCheck(WarmUpState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Finished.IsCompleted
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("warming up: compiling the request path before taking traffic"));
}
