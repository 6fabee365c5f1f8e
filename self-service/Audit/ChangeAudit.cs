using Tollgate.Core.Audit;

namespace Tollgate.SelfService.Audit;

/// <summary>
/// The one way a change to an account is recorded, whoever made it: in the audit log and the service log, under
/// <see cref="AuditActor"/> (an operator's token and role, or one of the account's own keys and the way it came in).
/// </summary>
public sealed partial class ChangeAudit(IAuditLog auditLog, ILogger<ChangeAudit> logger)
{
    /// <summary>Records that <paramref name="actor"/> did <paramref name="action"/>. Never pass a raw key or token in <paramref name="details"/>.</summary>
    public async Task RecordAsync(
        AuditActor actor,
        string action,
        string? accountId,
        string? keyId = null,
        IReadOnlyDictionary<string, string>? details = null)
    {
        if (actor.Via is { } via)
        {
            details = new Dictionary<string, string>(details ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["via"] = via };
        }
        Log.Change(logger, actor.Id, actor.Role ?? actor.Via ?? "-", action, accountId ?? "-", keyId ?? "-");
        // The change is made by now: record it even if the caller has hung up meanwhile.
        await auditLog.AppendAsync(new AuditEvent(actor.Id, action, accountId, keyId, details, actor.Role), CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Change by {Actor} ({Role}): {Action} (account {AccountId}, key {KeyId}).")]
        public static partial void Change(ILogger logger, string actor, string role, string action, string accountId, string keyId);
    }
}
