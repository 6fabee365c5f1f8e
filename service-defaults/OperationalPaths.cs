using Microsoft.AspNetCore.Http;

namespace Tollgate.ServiceDefaults;

/// <summary>Paths of a service's own operational traffic, which tracing leaves out (probes, scrapes, the gateway's warm-up).</summary>
public static class OperationalPaths
{
    /// <summary>
    /// The gateway's start-up warm-up: requests it sends itself over loopback before it is ready (thousands in a few
    /// seconds), under this path on the way in and on the way out.
    /// </summary>
    public const string WarmUp = "/_tollgate/warm-up";

    internal static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(WarmUp, StringComparison.OrdinalIgnoreCase);
}
