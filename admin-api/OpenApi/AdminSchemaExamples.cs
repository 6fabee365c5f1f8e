using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tollgate.AdminApi.Contracts;

namespace Tollgate.AdminApi.OpenApi;

/// <summary>Puts an example on the request bodies people type by hand.</summary>
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
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
        {
            schema.Examples ??= [];
            schema.Examples.Add(JsonNode.Parse(example)!);
        }
        return Task.CompletedTask;
    }
}
