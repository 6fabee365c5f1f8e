using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.Gateway.FunctionalTests.Infrastructure;

/// <summary>An RFC 9457 answer as a client reads it.</summary>
public sealed record Problem(string Type, string Title, int Status, string? Detail, JsonElement Body)
{
    /// <summary>Field names of the <c>errors</c> member, if any.</summary>
    public IReadOnlyList<string> ErrorFields =>
        Body.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];

    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Problem(
            body.GetProperty("type").GetString()!,
            body.GetProperty("title").GetString()!,
            body.GetProperty("status").GetInt32(),
            body.TryGetProperty("detail", out var d) ? d.GetString() : null,
            body);
    }
}
