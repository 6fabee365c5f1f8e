using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Tollgate.AdminApi.Problems;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// Answers a valid admin token whose role is too narrow with a 403 problem naming the role needed and the role
/// held; every other outcome (the dashboard's too) goes to ASP.NET Core's default handling.
/// </summary>
internal sealed partial class AdminForbiddenResultHandler(IProblemDetailsService problemDetails, ILogger<AdminForbiddenResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var failed = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<AdminRoleRequirement>().FirstOrDefault()
            : null;
        if (failed is null || AdminAuthentication.RoleOf(context.User) is not { } held)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var needed = failed.NeededAt(context.GetEndpoint());
        var tokenId = AdminAuthentication.TokenIdOf(context.User);
        Log.RoleRefused(logger, tokenId, AdminRoles.Name(held), AdminRoles.Name(needed), context.Request.Method, context.Request.Path.Value ?? "/");

        var kind = ProblemCatalog.AdminRoleInsufficient;
        context.Response.StatusCode = kind.Status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = kind.Status,
                Type = kind.Type,
                Title = kind.Title,
                Detail = $"This operation needs an admin token with role '{AdminRoles.Name(needed)}'{(needed == AdminRole.Admin ? "" : " or 'admin'")}; " +
                    $"token {tokenId} has role '{AdminRoles.Name(held)}'.",
                Extensions = { ["required_role"] = AdminRoles.Name(needed), ["token_role"] = AdminRoles.Name(held) },
            },
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Admin {TokenId} (role {Role}) refused {Method} {Path}: it needs role {NeededRole}.")]
        public static partial void RoleRefused(ILogger logger, string tokenId, string role, string neededRole, string method, string path);
    }
}
