using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tollgate.ConsumerSide.OpenApi;

/// <summary>
/// Describes the consumer document as a whole: what it covers, the API key every keyed operation needs, the verify token
/// of <c>/v1/keys/verify</c>, and (as OpenAPI 3.1 <c>webhooks</c>) the events an account's webhook endpoints receive.
/// </summary>
internal sealed class ConsumerDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKeySchemeName = "ApiKey";
    public const string VerifyTokenSchemeName = "VerifyToken";

    // Paths answered without credentials.
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal) { "/api/v3/subscription/tiers" };
    private const string VerifyPath = "/v1/keys/verify";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Tollgate API",
            Version = "v1",
            Description =
                "The public side of the Tollgate gateway: the subscription endpoints (tiers, your tier and usage, plan changes, usage " +
                "history), key verification for services outside the proxy, and the events sent to an account's webhook endpoints. " +
                "Send your API key in the `X-API-Key` header (or the `api_key` query parameter). JSON is snake_case; errors are " +
                "`application/problem+json` (RFC 9457) with a stable `type` (`urn:tollgate:problem:…`). The proxied weather routes " +
                "are the upstream's own API and are not described here.",
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            Name = "X-API-Key",
            In = ParameterLocation.Header,
            Description = "Your API key (tg_…), as issued by the dashboard or your provider.",
        };
        document.Components.SecuritySchemes[VerifyTokenSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A verify token the gateway's operator gave your service (Gateway:VerifyTokens).",
        };

        var apiKey = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemeName, document)] = [] };
        var verifyToken = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(VerifyTokenSchemeName, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (Anonymous.Contains(path) || item.Operations is null)
            {
                continue;
            }
            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(path == VerifyPath ? verifyToken : apiKey);
            }
        }

        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var (type, description, data) in WebhookPayloads.Events)
        {
            document.Webhooks[type] = WebhookPayloads.PathItem(type, description, data);
        }
        return Task.CompletedTask;
    }
}
