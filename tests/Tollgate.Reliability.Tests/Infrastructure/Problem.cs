using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>An RFC 9457 answer as a client reads it.</summary>
public sealed record Problem(string Type, int Status, string? Detail, JsonElement Body)
{
    public const string MediaType = "application/problem+json";

    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(MediaType), $"{(int)response.StatusCode} answer is problem+json");
        return Parse(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static Problem Parse(string json) => Parse(JsonDocument.Parse(json).RootElement.Clone());

    private static Problem Parse(JsonElement body) => new(
        body.GetProperty("type").GetString()!,
        body.GetProperty("status").GetInt32(),
        body.TryGetProperty("detail", out var d) ? d.GetString() : null,
        body);
}
