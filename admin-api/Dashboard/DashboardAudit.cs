using Tollgate.AdminApi.Dashboard.Sessions;
using Tollgate.Core.Audit;

namespace Tollgate.AdminApi.Dashboard;

/// <summary>
/// Records a consumer's own change made in the dashboard, in the audit log and the service log. The actor is
/// the id of the key that opened the session, as for the gateway's consumer upgrade, and details say
/// <c>via: dashboard</c>.
/// </summary>
internal sealed partial class DashboardAudit(IAuditLog auditLog, ILogger<DashboardAudit> logger)
{
    /// <summary>Records that <paramref name="caller"/> did <paramref name="action"/>. Never pass a raw key in <paramref name="details"/>.</summary>
    public async Task RecordAsync(DashboardCaller caller, string action, string? keyId, Dictionary<string, string> details)
    {
        var actor = caller.Key.KeyId;
        details["via"] = "dashboard";
        Log.Change(logger, actor, action, caller.Account.Id, keyId ?? "-");
        // The change is made by now: record it even if the browser has gone meanwhile.
        await auditLog.AppendAsync(new AuditEvent(actor, action, caller.Account.Id, keyId, details), CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dashboard, key {Actor}: {Action} (account {AccountId}, key {KeyId}).")]
        public static partial void Change(ILogger logger, string actor, string action, string accountId, string keyId);
    }
}
