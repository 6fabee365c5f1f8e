using Tollgate.Core.Audit;

namespace Tollgate.AdminApi.Contracts;

/// <summary>Audit entries, newest first.</summary>
/// <param name="Items">The entries, as recorded (the entry record is the answer's shape: nothing is added or hidden).</param>
internal sealed record AuditListResponse(IReadOnlyList<AuditEntry> Items);
