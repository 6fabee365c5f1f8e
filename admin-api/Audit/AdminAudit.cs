using System.Security.Claims;
using Tollgate.AdminApi.Authentication;
using Tollgate.Core.Audit;

namespace Tollgate.AdminApi.Audit;

/// <summary>Records an admin's change in the audit log and the service log, under the id and role of the admin's token.</summary>
internal sealed partial class AdminAudit(IAuditLog auditLog, ILogger<AdminAudit> logger)
{
    /// <summary>Records that <paramref name="admin"/> did <paramref name="action"/>. Never pass a raw key or token in <paramref name="details"/>.</summary>
    public async Task RecordAsync(
        ClaimsPrincipal admin,
        string action,
        string? accountId,
        string? keyId = null,
        IReadOnlyDictionary<string, string>? details = null)
    {
        var actor = AdminAuthentication.TokenIdOf(admin);
        var role = AdminAuthentication.RoleOf(admin) is { } held ? AdminRoles.Name(held) : "unknown";
        Log.Change(logger, actor, role, action, accountId ?? "-", keyId ?? "-");
        // The change is made by now: record it even if the caller has hung up meanwhile.
        await auditLog.AppendAsync(new AuditEvent(actor, action, accountId, keyId, details, role), CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Admin {Actor} ({Role}): {Action} (account {AccountId}, key {KeyId}).")]
        public static partial void Change(ILogger logger, string actor, string role, string action, string accountId, string keyId);
    }
}
