namespace Tollgate.AdminApi.Contracts;

/// <summary>Audit entries, newest first.</summary>
/// <param name="Items">The entries.</param>
internal sealed record AuditListResponse(IReadOnlyList<AuditEntryResponse> Items);
