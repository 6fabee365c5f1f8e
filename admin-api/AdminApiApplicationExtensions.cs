using Scalar.AspNetCore;
using Tollgate.AdminApi.Accounts;
using Tollgate.AdminApi.Audit;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Import;
using Tollgate.AdminApi.Keys;
using Tollgate.AdminApi.OpenApi;
using Tollgate.AdminApi.Problems;
using Tollgate.SelfService.Requests;
using Tollgate.AdminApi.Tiers;
using Tollgate.AdminApi.Usage;
using Tollgate.AdminApi.Webhooks;

namespace Tollgate.AdminApi;

/// <summary>The admin API's request pipeline and endpoints.</summary>
internal static partial class AdminApiApplicationExtensions
{
    public static WebApplication MapAdminApi(this WebApplication app)
    {
        if (app.Services.GetRequiredService<AdminTokens>().IsEmpty)
        {
            Log.NoAdminToken(app.Logger);
        }

        // Unhandled errors and bare status codes (unknown route, wrong method) become problem+json too.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RequestBodyLimitMiddleware>();

        var admin = app.MapGroup("/admin")
            .RequireAuthorization(AdminAuthentication.Policy)
            .WithMetadata(RequestBodyLimit.Json)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem();
        admin.MapAccountEndpoints()
            .MapLimitEndpoints()
            .MapKeyEndpoints()
            .MapTierEndpoints()
            .MapUsageEndpoints()
            .MapAuditEndpoints()
            .MapImportEndpoints()
            .MapWebhookEndpoints();

        // The description of the API holds nothing secret; the admin API listens on loopback by default.
        app.MapOpenApi();
        app.MapScalarApiReference(o => o
            .WithTitle("Tollgate admin API")
            .AddPreferredSecuritySchemes(AdminDocumentTransformer.SecuritySchemeName)
            .DisableTelemetry());
        return app;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning,
            "No admin token is configured (Admin:Tokens): every admin request will be refused. Set Admin__Tokens__0 to a secret of 32+ characters.")]
        public static partial void NoAdminToken(ILogger logger);
    }
}
