using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>
/// What the dashboard page does, over HTTP: one cookie jar (the browser), the sign-in form's token, then the
/// session's CSRF token on every state-changing call.
/// </summary>
public sealed class DashboardClient(HttpClient http) : IDisposable
{
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The underlying client; its handler keeps cookies like a browser.</summary>
    public HttpClient Http => http;

    /// <summary>The token the next state-changing call sends: the form's before sign-in, the session's after.</summary>
    public string? CsrfToken { get; set; }

    /// <summary>GET /dashboard/api/session, remembering the token it returns.</summary>
    public async Task<JsonElement> GetSessionAsync()
    {
        var session = await http.GetJsonAsync("/dashboard/api/session");
        CsrfToken = session.Str("csrf_token");
        return session;
    }

    /// <summary>Loads the form's token, then posts the key as the page does; the raw answer.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string apiKey)
    {
        await GetSessionAsync();
        var response = await SendAsync(HttpMethod.Post, "/dashboard/api/session", new { api_key = apiKey });
        // Buffered, so the caller can read the answer again.
        await response.Content.LoadIntoBufferAsync();
        if (response.IsSuccessStatusCode)
        {
            CsrfToken = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Str("csrf_token");
        }
        return response;
    }

    /// <summary>Signs in with <paramref name="apiKey"/>, which must succeed; the session JSON.</summary>
    public async Task<JsonElement> SignInOkAsync(string apiKey)
    {
        using var response = await SignInAsync(apiKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A call with a JSON body (when given) and, unless told otherwise, the CSRF token.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withCsrf = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (withCsrf && CsrfToken is not null)
        {
            request.Headers.Add(CsrfHeader, CsrfToken);
        }
        return http.SendAsync(request);
    }

    /// <summary>GETs a dashboard API path expecting 200; its JSON.</summary>
    public Task<JsonElement> GetJsonAsync(string path) => http.GetJsonAsync(path);

    public void Dispose() => http.Dispose();
}
