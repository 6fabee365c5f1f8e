namespace Tollgate.AdminApi.Contracts;

/// <summary>Body of <c>PUT /admin/accounts/{id}/limits</c>: any of the account's own limits; a field left out is the tier's.</summary>
/// <param name="RequestsPerHour">Requests per sliding hour, positive.</param>
/// <param name="RequestsPerDay">Requests per sliding day, positive.</param>
/// <param name="RequestsPerMonth">Requests per sliding 30 days, positive. Merged with the tier's, hour ≤ day ≤ month must hold.</param>
/// <param name="MaxKeys">Most active keys, positive.</param>
/// <param name="Features">Features the account may reach in place of the tier's (each one some tier offers).</param>
/// <param name="ExpiresAt">When the tier's limits apply again, in the future; left out = until removed.</param>
internal sealed record SetLimitsRequest(
    long? RequestsPerHour,
    long? RequestsPerDay,
    long? RequestsPerMonth,
    int? MaxKeys,
    IReadOnlyList<string>? Features,
    DateTimeOffset? ExpiresAt);
