namespace Tollgate.Core.Audit;

/// <summary>The actions the audit log records. Values never change once published.</summary>
public static class AuditActions
{
    /// <summary>An account was created (by hand or by an import).</summary>
    public const string AccountCreated = "account.created";

    /// <summary>An account was deleted with its keys and usage.</summary>
    public const string AccountDeleted = "account.deleted";

    /// <summary>An account moved to another tier.</summary>
    public const string TierChanged = "account.tier_changed";

    /// <summary>An account was given its own limits in place of its tier's (or they were replaced).</summary>
    public const string LimitsSet = "account.limits_set";

    /// <summary>An account's own limits were removed: its tier's apply again.</summary>
    public const string LimitsRemoved = "account.limits_removed";

    /// <summary>A key was issued.</summary>
    public const string KeyCreated = "key.created";

    /// <summary>A key was revoked.</summary>
    public const string KeyRevoked = "key.revoked";

    /// <summary>A key was replaced by a new one.</summary>
    public const string KeyRotated = "key.rotated";

    /// <summary>A batch of users was imported.</summary>
    public const string UsersImported = "users.imported";

    /// <summary>A webhook endpoint was registered.</summary>
    public const string WebhookCreated = "webhook.created";

    /// <summary>A webhook endpoint was deleted.</summary>
    public const string WebhookDeleted = "webhook.deleted";

    /// <summary>A webhook endpoint's signing secret was replaced (the old one signs alongside for a while).</summary>
    public const string WebhookSecretRotated = "webhook.secret_rotated";

    /// <summary>A webhook delivery was sent again on request.</summary>
    public const string WebhookRedelivered = "webhook.redelivered";
}
