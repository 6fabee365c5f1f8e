using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tollgate.AdminApi.Problems;

namespace Tollgate.AdminApi.OpenApi;

/// <summary>
/// Describes the document as a whole: what the API is, the bearer scheme every <c>/admin</c> operation
/// requires, and the error shapes (RFC 9457 problem types) callers can switch on.
/// </summary>
internal sealed class AdminDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "AdminBearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Tollgate admin API",
            Version = "v1",
            Description =
                "Manages accounts, API keys, tier changes and usage of the Tollgate gateway, in the gateways' Redis. " +
                "Every /admin operation needs `Authorization: Bearer <admin token>` (tokens come from configuration Admin:Tokens). " +
                "JSON is snake_case. Errors are `application/problem+json` (RFC 9457) with a stable `type`; validation errors " +
                "also carry `errors`, field name to messages. A key's `scopes` are features of the tier catalogue and `account` " +
                "(managing the account: dashboard sessions, keys, tier changes); a key without scopes may do all of it. Problem types:\n\n" +
                string.Join("\n", AdminProblems.All.Select(k => $"- `{k.Type}` ({k.Status}): {k.Title}")),
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An admin token from configuration Admin:Tokens (env Admin__Tokens__0).",
        };

        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/admin", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }
            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(requirement);
            }
        }
        return Task.CompletedTask;
    }
}
