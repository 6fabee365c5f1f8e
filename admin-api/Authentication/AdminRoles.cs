namespace Tollgate.AdminApi.Authentication;

/// <summary>Names of the admin roles as configured and audited, and which role includes which.</summary>
internal static class AdminRoles
{
    /// <summary>Every role by its configuration name, lowest first.</summary>
    public static readonly IReadOnlyList<AdminRole> All = [AdminRole.Read, AdminRole.Support, AdminRole.Billing, AdminRole.Admin];

    /// <summary>The role's name in configuration, claims, problems and the audit log: <c>read</c>, <c>support</c>, <c>billing</c>, <c>admin</c>.</summary>
    public static string Name(AdminRole role) => role switch
    {
        AdminRole.Read => "read",
        AdminRole.Support => "support",
        AdminRole.Billing => "billing",
        AdminRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The role named <paramref name="name"/> (any case, surrounding blanks ignored), or null.</summary>
    public static AdminRole? Parse(string? name)
    {
        var trimmed = name?.Trim();
        foreach (var role in All)
        {
            if (string.Equals(Name(role), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether a token of role <paramref name="held"/> may do what needs <paramref name="needed"/>: admin may do
    /// everything, every role may read, and support and billing are separate duties.
    /// </summary>
    public static bool Includes(AdminRole held, AdminRole needed) =>
        held == AdminRole.Admin || held == needed || needed == AdminRole.Read;

    /// <summary>The names of every role, for messages: "read, support, billing or admin".</summary>
    public static string Listed => string.Join(", ", All.SkipLast(1).Select(Name)) + " or " + Name(All[^1]);
}
