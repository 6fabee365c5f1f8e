namespace Tollgate.Core.Accounts;

/// <summary>What came of <see cref="AccountBillingWriter.ApplyAsync"/>.</summary>
internal enum BillingWriteStatus
{
    /// <summary>Written.</summary>
    Applied,

    /// <summary>Older than an event already applied: only ids the account lacked were filled in.</summary>
    Stale,

    /// <summary>This event was applied before; nothing changed.</summary>
    Duplicate,

    /// <summary>There is no such account.</summary>
    AccountNotFound,

    /// <summary>About another subscription than the account's, or no grace period was due; nothing changed.</summary>
    NotApplicable,
}
