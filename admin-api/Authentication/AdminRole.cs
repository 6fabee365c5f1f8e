namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// What an admin token may do. <see cref="Support"/> and <see cref="Billing"/> each include <see cref="Read"/>;
/// <see cref="Admin"/> includes everything (<see cref="AdminRoles.Includes"/>).
/// </summary>
internal enum AdminRole
{
    /// <summary>Reads accounts, keys, tiers, usage and the audit log; changes nothing.</summary>
    Read,

    /// <summary>Read, and creates, revokes and rotates keys (customer support).</summary>
    Support,

    /// <summary>Read, and changes an account's tier (and, later, its limits).</summary>
    Billing,

    /// <summary>Everything: also creates and deletes accounts and imports users.</summary>
    Admin,
}
