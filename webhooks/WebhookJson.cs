using System.Text.Json;

namespace Tollgate.Webhooks;

/// <summary>How webhook records are kept in Redis: snake_case, like everything on the wire.</summary>
internal static class WebhookJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
