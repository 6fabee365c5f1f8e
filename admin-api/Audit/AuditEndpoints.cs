using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Contracts;
using Tollgate.AdminApi.Problems;
using Tollgate.SelfService.Problems;
using Tollgate.Core.Audit;

namespace Tollgate.AdminApi.Audit;

/// <summary><c>/admin/audit</c>: who changed what, newest first.</summary>
internal static class AuditEndpoints
{
    public const int DefaultCount = 50;
    public const int MaxCount = 1000;

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", ListAuditEntries)
            .RequireAuthorization(AdminPolicies.Read)
            .WithTags("Audit")
            .WithName(nameof(ListAuditEntries))
            .WithDescription(
                $"Admin changes newest first (count 1 to {MaxCount}, default {DefaultCount}), optionally only those about one account. " +
                "The actor is the id of the admin token (tok_…), never the token.");
        return admin;
    }

    /// <summary>The newest audit entries.</summary>
    internal static async Task<Results<Ok<AuditListResponse>, ValidationProblem>> ListAuditEntries(
        IAuditLog auditLog,
        CancellationToken cancellationToken,
        int? count = null,
        [FromQuery(Name = "account_id")] string? accountId = null)
    {
        var take = count ?? DefaultCount;
        if (take < 1 || take > MaxCount)
        {
            return FieldErrors.Single("count", $"'count' must be between 1 and {MaxCount}.");
        }
        var entries = await auditLog.ReadAsync(take, string.IsNullOrWhiteSpace(accountId) ? null : accountId.Trim(), cancellationToken);
        return TypedResults.Ok(new AuditListResponse(entries));
    }
}
