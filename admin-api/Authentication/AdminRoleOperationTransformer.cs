using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// Ends the description of every <c>/admin</c> operation with the admin role it needs, read from the same policy
/// that enforces it, and documents the 403 a narrower token gets.
/// </summary>
internal sealed class AdminRoleOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).ToList();
        if (!policies.Contains(AdminAuthentication.Policy))
        {
            return Task.CompletedTask;
        }

        var needed = policies.Select(AdminPolicies.RoleOf).FirstOrDefault(role => role is not null) ?? AdminRole.Admin;
        var who = needed switch
        {
            AdminRole.Read => "any admin token (role `read` or higher)",
            AdminRole.Admin => "an admin token with role `admin`",
            _ => $"an admin token with role `{AdminRoles.Name(needed)}` or `admin`",
        };
        var sentence = $"Requires {who}; a token with a narrower role gets 403 (urn:tollgate:problem:admin-role-insufficient).";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? sentence : $"{operation.Description}\n\n{sentence}";
        if (needed != AdminRole.Read)
        {
            operation.Responses ??= [];
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The admin token's role does not include " + AdminRoles.Name(needed) + "." });
        }
        return Task.CompletedTask;
    }
}
