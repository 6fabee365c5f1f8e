using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Tollgate.Core.Keys;
using Tollgate.Dashboard.BrowserTests.Infrastructure;

namespace Tollgate.Dashboard.BrowserTests;

/// <summary>
/// The client's address and scheme across the whole chain, over real sockets: a TLS proxy in front of the gateway
/// (this test's client, on loopback, which the system's gateway lists in Gateway:TrustedProxies) forwards the client
/// and https; the gateway passes what it found to the admin API serving the dashboard, which believes the gateway.
/// </summary>
public sealed class ClientAddressTests
{
    private const string Office = "203.0.113.7";

    private static TollgateSystem Stack => BrowserSetUp.System;

    [Test]
    public async Task SignIn_BehindATrustedTlsProxy_SeesTheClientForAllowedIps_AndSetsSecureCookies()
    {
        var rawKey = await OfficeKeyAsync();

        var (form, signIn) = await SignInAsync(rawKey, forwardedFor: Office);

        Assert.Multiple(() =>
        {
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Cookie(signIn, "tg_session").Secure, Is.True);
            Assert.That(Cookie(form, "tg_signin").Secure, Is.True);
        });
    }

    [Test]
    public async Task SignIn_WithoutTheForwardedClient_IsTheProxysAddress_AndRefused()
    {
        var rawKey = await OfficeKeyAsync();

        var (_, signIn) = await SignInAsync(rawKey, forwardedFor: null);

        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(),
            Is.EqualTo("urn:tollgate:problem:address-not-allowed"));
    }

    private static async Task<string> OfficeKeyAsync()
    {
        var consumer = await Stack.CreateConsumerAsync("free");
        return await Stack.CreateKeyAsync(consumer.AccountId, new NewApiKey("office", AllowedIps: [Office]));
    }

    private static async Task<(HttpResponseMessage Form, HttpResponseMessage SignIn)> SignInAsync(string rawKey, string? forwardedFor)
    {
        // Cookies by hand: a jar would not send a Secure cookie back over this plain http hop.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = Stack.Gateway.Address };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
        var form = await client.GetAsync("/dashboard/api/session");
        var token = (await form.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrf_token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/api/session") { Content = JsonContent.Create(new { api_key = rawKey }) };
        request.Headers.Add("Cookie", $"tg_signin={token}");
        request.Headers.Add("X-CSRF-Token", token);
        var signIn = await client.SendAsync(request);
        await signIn.Content.LoadIntoBufferAsync();
        return (form, signIn);
    }

    private static SetCookieHeaderValue Cookie(HttpResponseMessage response, string name) =>
        SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]).Single(c => c.Name == name);
}
