namespace Tollgate.ServiceDefaults;

/// <summary>
/// Endpoint metadata: the endpoint answers on the management listener (<see cref="ManagementOptions"/>), and on the
/// public one too only when <paramref name="AlsoPublic"/>. Endpoints without it answer on the public listener only.
/// </summary>
/// <param name="AlsoPublic">True for health checks, which load balancers and container engines call on the public port.</param>
public sealed record ManagementEndpoint(bool AlsoPublic);
