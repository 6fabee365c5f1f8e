using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>What the upstream's <c>echo-headers</c> endpoint saw: the request as forwarded by the gateway.</summary>
public sealed record EchoedRequest(string Method, string Path, string QueryString, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<EchoedRequest>(Json) ?? throw new InvalidOperationException("Empty echo.");
}
