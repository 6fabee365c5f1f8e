using System.Text.Json.Serialization;
using Tollgate.ConsumerSide.Dashboard;
using Tollgate.ConsumerSide.OpenApi;
using Tollgate.SelfService;

namespace Tollgate.ConsumerSide;

/// <summary>
/// Registers the consumer side in its host: the self-service layer and the dashboard. The host registers the core
/// services and an <see cref="IConsumerKeys"/>.
/// </summary>
public static class ConsumerServiceCollectionExtensions
{
    public static WebApplicationBuilder AddConsumerSide(this WebApplicationBuilder builder)
    {
        builder.Services.AddSelfService();
        // A misspelt field is an error, not silently ignored: {"scope": [...]} must not issue an unrestricted key.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);
        builder.AddDashboard();
        builder.Services.AddConsumerOpenApi();
        return builder;
    }
}
