namespace Tollgate.SampleWeather.Contracts;

/// <summary>Liveness answer for load balancers and the gateway's health checks.</summary>
/// <param name="Status">Always <c>ok</c> when the process can serve requests.</param>
internal sealed record HealthResponse(string Status);
