using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>Short ways to read the dashboard's JSON answers.</summary>
public static class JsonReading
{
    /// <summary>GETs <paramref name="path"/> expecting 200; its JSON.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A string property.</summary>
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    /// <summary>The string items of an array property.</summary>
    public static string[] Strings(this JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
