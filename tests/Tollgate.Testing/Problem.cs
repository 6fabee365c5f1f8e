using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;

namespace Tollgate.Testing;

/// <summary>An RFC 9457 answer as a client reads it.</summary>
public sealed record Problem(string Type, string Title, int Status, string? Detail, JsonElement Body)
{
    public const string MediaType = "application/problem+json";

    /// <summary>Field names of the <c>errors</c> member, if any.</summary>
    public IReadOnlyList<string> ErrorFields =>
        Body.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];

    /// <summary>Reads <paramref name="response"/>'s body, asserting that it is problem+json.</summary>
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(MediaType), $"{(int)response.StatusCode} answer is problem+json");
        return Parse(await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false));
    }

    /// <summary>Reads a problem body given as text (e.g. from a raw HTTP answer).</summary>
    public static Problem Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement.Clone());
    }

    private static Problem Parse(JsonElement body) => new(
        body.GetProperty("type").GetString()!,
        body.GetProperty("title").GetString()!,
        body.GetProperty("status").GetInt32(),
        body.TryGetProperty("detail", out var d) ? d.GetString() : null,
        body);
}
