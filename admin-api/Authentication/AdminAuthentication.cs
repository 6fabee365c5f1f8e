using System.Security.Claims;

using Tollgate.SelfService.Audit;

namespace Tollgate.AdminApi.Authentication;

/// <summary>Names of the admin authentication scheme, its policies and claims.</summary>
internal static class AdminAuthentication
{
    /// <summary>The bearer-token scheme of <see cref="AdminTokenAuthenticationHandler"/>.</summary>
    public const string Scheme = "AdminBearer";

    /// <summary>
    /// The policy of the whole <c>/admin</c> group: a valid admin token, and the <c>admin</c> role on any endpoint
    /// that names no role policy (<see cref="AdminPolicies"/>), so an endpoint added without one is locked, not open.
    /// </summary>
    public const string Policy = "Admin";

    /// <summary>Claim holding the id (never the value) of the token the caller presented.</summary>
    public const string TokenIdClaim = "tollgate:admin_token_id";

    /// <summary>Claim holding the role of the token the caller presented (<see cref="AdminRoles.Name"/>).</summary>
    public const string RoleClaim = "tollgate:admin_role";

    /// <summary>The token id of an authenticated admin, for the audit log.</summary>
    public static string TokenIdOf(ClaimsPrincipal admin) => admin.FindFirstValue(TokenIdClaim) ?? "unknown";

    /// <summary>The role of an authenticated admin, or null for anyone else.</summary>
    public static AdminRole? RoleOf(ClaimsPrincipal admin) => AdminRoles.Parse(admin.FindFirstValue(RoleClaim));

    /// <summary>An admin as the audit log names it: the token's id and role.</summary>
    public static AuditActor ActorOf(ClaimsPrincipal admin) =>
        new(TokenIdOf(admin), RoleOf(admin) is { } held ? AdminRoles.Name(held) : "unknown");
}
