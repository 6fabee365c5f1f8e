using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>What tests do through the admin API as set-up, and reading its JSON.</summary>
public static class AdminCalls
{
    /// <summary>Creates an account; its id.</summary>
    public static async Task<string> CreateAccountAsync(this HttpClient admin, string tier, string? email = null)
    {
        using var response = await admin.PostAsJsonAsync("/admin/accounts", new { email = email ?? $"{Guid.NewGuid():N}@example.test", tier });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Issues a key; its JSON, with the raw <c>api_key</c>.</summary>
    public static async Task<JsonElement> CreateKeyAsync(this HttpClient admin, string accountId, string name = "test key")
    {
        using var response = await admin.PostAsJsonAsync($"/admin/accounts/{accountId}/keys", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>GETs <paramref name="path"/> expecting 200; its JSON.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A string property.</summary>
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
