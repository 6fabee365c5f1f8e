namespace Tollgate.AdminApi.Contracts;

/// <summary>Body of <c>POST /admin/accounts/{id}/keys/{key_id}/rotate</c>; may be omitted.</summary>
/// <param name="GracePeriodSeconds">How long the old key keeps working, 0 to 604800 (7 days); default 0: revoked at once.</param>
internal sealed record RotateKeyRequest(int? GracePeriodSeconds = null);
