using Microsoft.AspNetCore.Authorization;

namespace Tollgate.AdminApi.Authentication;

/// <summary>The caller's admin role must include <paramref name="Role"/>; null means the endpoint's own role policy, <c>admin</c> when it names none.</summary>
/// <param name="Role">The role needed, or null for the endpoint's.</param>
internal sealed record AdminRoleRequirement(AdminRole? Role) : IAuthorizationRequirement
{
    /// <summary>The role needed at <paramref name="endpoint"/>: this requirement's, or the endpoint's role policy, or <c>admin</c>.</summary>
    public AdminRole NeededAt(Endpoint? endpoint) =>
        Role ?? EndpointRole(endpoint) ?? AdminRole.Admin;

    /// <summary>The role named by the endpoint's role policy, if it names one.</summary>
    public static AdminRole? EndpointRole(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => AdminPolicies.RoleOf(data.Policy))
            .FirstOrDefault(role => role is not null);
}
