using Scalar.AspNetCore;

namespace Tollgate.ConsumerSide.OpenApi;

/// <summary>
/// The public side's own OpenAPI document (<c>/openapi/consumer.json</c>) and reference page (<c>/docs/</c>), built like the
/// admin API's (Microsoft.AspNetCore.OpenApi, Scalar): the subscription endpoints, key verification and the webhook
/// payloads. Endpoints join it with <see cref="InConsumerDocument{TBuilder}"/>.
/// </summary>
public static class ConsumerOpenApi
{
    public const string DocumentName = "consumer";

    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/" + DocumentName + ".json";

    /// <summary>Where the reference page is served.</summary>
    public const string ReferencePath = "/docs";

    /// <summary>Puts the endpoints of <paramref name="builder"/> in the consumer document.</summary>
    public static TBuilder InConsumerDocument<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(ConsumerApiMetadata.Instance);

    internal static IServiceCollection AddConsumerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = description => description.ActionDescriptor.EndpointMetadata.OfType<ConsumerApiMetadata>().Any();
            o.AddDocumentTransformer<ConsumerDocumentTransformer>();
        });

    internal static WebApplication MapConsumerOpenApi(this WebApplication app)
    {
        // A public description of public endpoints: nothing secret, served without a key.
        // Only this document: any other name (the admin API's v1.json) stays the gateway's ordinary 404 problem.
        app.MapOpenApi("/openapi/{documentName:regex(^" + DocumentName + "$)}.json");
        app.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("Tollgate API")
            .AddDocument(DocumentName)
            .DisableTelemetry());
        return app;
    }
}
