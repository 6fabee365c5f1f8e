using Tollgate.SelfService.Contracts;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tollgate.AdminApi.Contracts;
using Tollgate.Webhooks.Contracts;

namespace Tollgate.AdminApi.OpenApi;

/// <summary>Puts an example on the request bodies people type by hand, and says what a key's scopes may be.</summary>
internal sealed class AdminSchemaExamples : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(CreateAccountRequest)] = """{ "email": "ops@example.com", "tier": "pro" }""",
        [typeof(CreateKeyRequest)] = """
            { "name": "ci pipeline", "expires_at": "2030-01-01T00:00:00Z", "scopes": ["current", "forecast-7day"], "allowed_ips": ["203.0.113.0/24"] }
            """,
        [typeof(ChangeTierRequest)] = """{ "tier": "business" }""",
        [typeof(RotateKeyRequest)] = """{ "grace_period_seconds": 3600 }""",
        [typeof(CreateWebhookRequest)] = """{ "url": "https://hooks.example.com/tollgate", "events": ["usage.threshold", "key.revoked"] }""",
    };

    /// <summary>The scope vocabulary, on the <c>scopes</c> property of <see cref="CreateKeyRequest"/>.</summary>
    public const string ScopesDescription =
        "What the key is limited to; empty or absent for everything the account's tier allows, managing the account included. " +
        "Each entry is a feature of the tier catalogue (e.g. `current`, `forecast-7day`), which the key may then call, or `account`: " +
        "managing the account (opening a dashboard session, creating and revoking keys, changing the tier). A key with scopes but " +
        "without `account` cannot manage the account (403 `urn:tollgate:problem:key-cannot-manage-account`).";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(CreateKeyRequest)
            && schema.Properties?.TryGetValue("scopes", out var scopes) == true && scopes is OpenApiSchema property)
        {
            property.Description = ScopesDescription;
        }
        if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
        {
            schema.Examples ??= [];
            schema.Examples.Add(JsonNode.Parse(example)!);
        }
        return Task.CompletedTask;
    }
}
