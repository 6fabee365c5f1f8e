namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// One authorization policy per admin role, named on each endpoint with <c>.RequireAuthorization(AdminPolicies.X)</c>.
/// A token passes when its role includes the one named (<see cref="AdminRoles.Includes"/>).
/// </summary>
internal static class AdminPolicies
{
    /// <summary>Any admin token: reading.</summary>
    public const string Read = "AdminRole:read";

    /// <summary>Support or admin: issuing, revoking and rotating keys.</summary>
    public const string Support = "AdminRole:support";

    /// <summary>Billing or admin: changing tiers (and later limits).</summary>
    public const string Billing = "AdminRole:billing";

    /// <summary>Admin only: creating and deleting accounts, imports, everything else.</summary>
    public const string Admin = "AdminRole:admin";

    /// <summary>The role a policy name stands for, or null when it is not one of these.</summary>
    public static AdminRole? RoleOf(string? policy) => policy switch
    {
        Read => AdminRole.Read,
        Support => AdminRole.Support,
        Billing => AdminRole.Billing,
        Admin => AdminRole.Admin,
        _ => null,
    };

    /// <summary>The policy that requires <paramref name="role"/>.</summary>
    public static string For(AdminRole role) => role switch
    {
        AdminRole.Read => Read,
        AdminRole.Support => Support,
        AdminRole.Billing => Billing,
        _ => Admin,
    };
}
