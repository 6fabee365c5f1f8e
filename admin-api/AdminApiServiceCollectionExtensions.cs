using System.Text.Json;
using System.Text.Json.Serialization;
using Tollgate.AdminApi.Authentication;
using Tollgate.AdminApi.Import;
using Tollgate.AdminApi.OpenApi;
using Tollgate.AdminApi.Problems;
using Tollgate.Core;
using Tollgate.Core.Redis;
using Tollgate.SelfService;
using Tollgate.Webhooks;

namespace Tollgate.AdminApi;

/// <summary>Registers the admin API: shared core, bearer-token authentication with roles, JSON and problem answers, OpenAPI.</summary>
internal static class AdminApiServiceCollectionExtensions
{
    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTollgateRedis(builder.Configuration);
        services.AddTollgateCore();
        // Usage reads ask permits leased by the gateways back (the script publishes the reclaim); hearing the lease
        // channel, they wait for the returns, so what an admin reads right after a burst is what was admitted.
        services.AddPermitLeaseEvents();

        services.AddAdminAuthentication();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // A misspelt field is an error, not silently ignored: {"tiers": "pro"} must not create a free account.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        // Binding failures (malformed JSON, "abc" for a number) throw, so AdminExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = AdminProblems.Stamp);
        services.AddExceptionHandler<AdminExceptionHandler>();

        services.AddSelfService();
        services.AddWebhooks();
        services.AddSingleton<UserImporter>();

        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<AdminDocumentTransformer>();
            o.AddSchemaTransformer<AdminSchemaExamples>();
            o.AddOperationTransformer<AdminRoleOperationTransformer>();
        });
        return builder;
    }
}
