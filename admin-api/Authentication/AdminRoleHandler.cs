using Microsoft.AspNetCore.Authorization;

namespace Tollgate.AdminApi.Authentication;

/// <summary>Grants an <see cref="AdminRoleRequirement"/> when the token's role includes the role needed.</summary>
internal sealed class AdminRoleHandler : AuthorizationHandler<AdminRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRoleRequirement requirement)
    {
        var endpoint = (context.Resource as HttpContext)?.GetEndpoint() ?? context.Resource as Endpoint;
        if (AdminAuthentication.RoleOf(context.User) is { } held && AdminRoles.Includes(held, requirement.NeededAt(endpoint)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
