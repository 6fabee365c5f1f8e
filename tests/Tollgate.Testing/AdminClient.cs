using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;

namespace Tollgate.Testing;

/// <summary>Short ways to do through the admin API what many tests need as set-up, and to read its JSON.</summary>
public static class AdminClient
{
    /// <summary>A fresh, unique email.</summary>
    public static string NewEmail() => $"{Guid.NewGuid():N}@example.test";

    /// <summary>Creates an account of <paramref name="tier"/>; its JSON.</summary>
    public static async Task<JsonElement> CreateAccountAsync(this HttpClient client, string tier = "free", string? email = null)
    {
        using var response = await client.PostAsJsonAsync("/admin/accounts", new { email = email ?? NewEmail(), tier }).ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
    }

    /// <summary>Creates an account of <paramref name="tier"/>; its id.</summary>
    public static async Task<string> CreateAccountIdAsync(this HttpClient client, string tier = "free") =>
        (await client.CreateAccountAsync(tier).ConfigureAwait(false)).GetProperty("id").GetString()!;

    /// <summary>Issues a key; its JSON (with the raw <c>api_key</c>).</summary>
    public static async Task<JsonElement> CreateKeyAsync(this HttpClient client, string accountId, object? body = null)
    {
        using var response = await client.PostAsJsonAsync($"/admin/accounts/{accountId}/keys", body ?? new { name = "test key" }).ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
    }

    /// <summary>GETs <paramref name="path"/> expecting 200; its JSON.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path).ConfigureAwait(false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
    }

    /// <summary>A string property.</summary>
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    /// <summary>The string items of an array property.</summary>
    public static string[] Strings(this JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
