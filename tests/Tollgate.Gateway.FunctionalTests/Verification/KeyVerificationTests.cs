using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.FunctionalTests.Verification;

/// <summary>
/// <c>POST /v1/keys/verify</c> on a gateway on a real socket: the key rules, cache and limiter of a proxied request, for a
/// service outside the proxy. A valid verification is counted like a request; nothing else is.
/// </summary>
public sealed class KeyVerificationTests
{
    private const string Token = "verify-test-token-0123456789abcdef0123456789";
    private const string Weather = "/api/v3/weather/current?city=Lima";

    private UpstreamHost _upstream = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _upstream = new UpstreamHost();
        _gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?> { ["Gateway:VerifyTokens:0"] = Token }, kestrel: true);
        _client = _gateway.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Test]
    public async Task Verify_ValidKey_CountsLikeARequest()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");

        var (status, body) = await VerifyAsync(new { key = consumer.RawKey, feature = "current", cost = 1 });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("valid").GetBoolean(), Is.True);
            Assert.That(body.Str("account_id"), Is.EqualTo(consumer.Account.Id));
            Assert.That(body.Str("key_id"), Is.EqualTo(consumer.Key.KeyId));
            Assert.That(body.Str("tier"), Is.EqualTo("free"));
            Assert.That(body.Strings("scopes"), Is.Empty);
            Assert.That(body.GetProperty("remaining").GetProperty("hour").GetInt64(), Is.EqualTo(59));
            Assert.That(body.GetProperty("remaining").GetProperty("day").GetInt64(), Is.EqualTo(999));
            Assert.That(body.GetProperty("remaining").GetProperty("month").GetInt64(), Is.EqualTo(9999));
            Assert.That(body.TryGetProperty("code", out _), Is.False);
        });

        using var proxied = await _client.SendAsync(consumer.Get(Weather));
        Assert.That(proxied.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("58"), "the proxied request after one verification");
        var usage = await UsageTodayAsync(consumer);
        Assert.That(usage, Is.EqualTo(2), "the key's usage counts the verification and the request");
    }

    [Test]
    public async Task Verify_UnknownRevokedAndMalformedKeys_AreInvalidAndCountNothing()
    {
        var consumer = await _gateway.CreateConsumerAsync("pro");
        var revoked = await _gateway.Services.IssueKeyAsync(consumer.Account.Id, new NewApiKey("to revoke"));
        await _gateway.Services.GetRequiredService<IApiKeyStore>().RevokeAsync(consumer.Account.Id, revoked.Record.KeyId, CancellationToken.None);
        var unknown = ApiKeyFormat.Generate();

        var (_, revokedBody) = await VerifyAsync(new { key = revoked.RawKey });
        var (_, unknownBody) = await VerifyAsync(new { key = unknown });
        var (_, malformedBody) = await VerifyAsync(new { key = "tg_not-a-key" });

        Assert.Multiple(() =>
        {
            Assert.That(revokedBody.ToString(), Is.EqualTo("""{"valid":false,"code":"revoked"}"""));
            Assert.That(unknownBody.ToString(), Is.EqualTo("""{"valid":false,"code":"unknown"}"""));
            Assert.That(malformedBody.ToString(), Is.EqualTo("""{"valid":false,"code":"unknown"}"""));
        });
        Assert.That(await UsageTodayAsync(consumer), Is.Zero);
    }

    [Test]
    public async Task Verify_FeatureOutsideTheTierOrScopes_IsForbiddenAndNotCounted()
    {
        var consumer = await _gateway.CreateConsumerAsync("free", new NewApiKey("scoped", Scopes: ["current"]));

        var (_, tier) = await VerifyAsync(new { key = consumer.RawKey, feature = "historical" });
        var (_, scope) = await VerifyAsync(new { key = consumer.RawKey, feature = "forecast-7day" });

        Assert.Multiple(() =>
        {
            Assert.That(tier.Str("code"), Is.EqualTo("forbidden"));
            Assert.That(tier.Str("reason"), Is.EqualTo("feature_not_in_tier"));
            Assert.That(scope.Str("code"), Is.EqualTo("forbidden"));
            Assert.That(scope.Str("reason"), Is.EqualTo("feature_not_in_key_scope"));
        });
        Assert.That(await UsageTodayAsync(consumer), Is.Zero);
    }

    [Test]
    public async Task Verify_KeyWithAllowedIps_NeedsAClientIpWithinThem()
    {
        var consumer = await _gateway.CreateConsumerAsync("free", new NewApiKey("office", AllowedIps: ["203.0.113.0/24"]));

        var (_, absent) = await VerifyAsync(new { key = consumer.RawKey });
        var (_, outside) = await VerifyAsync(new { key = consumer.RawKey, client_ip = "198.51.100.1" });
        var (_, inside) = await VerifyAsync(new { key = consumer.RawKey, client_ip = "203.0.113.7" });

        Assert.Multiple(() =>
        {
            Assert.That(absent.Str("code"), Is.EqualTo("forbidden"), "the verifying service's own address is not the key's client");
            Assert.That(absent.Str("reason"), Is.EqualTo("address_not_allowed"));
            Assert.That(outside.Str("reason"), Is.EqualTo("address_not_allowed"));
            Assert.That(inside.GetProperty("valid").GetBoolean(), Is.True);
        });
        Assert.That(await UsageTodayAsync(consumer), Is.EqualTo(1));
    }

    [Test]
    public async Task Verify_AccountAtItsLimit_IsLimitedWithRetryAfter()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        await _gateway.Services.GetRequiredService<IAccountStore>().SetLimitsAsync(
            consumer.Account.Id, "free", new LimitOverride(1, null, null, null, null, null), CancellationToken.None);

        var (_, first) = await VerifyAsync(new { key = consumer.RawKey });
        var (_, second) = await VerifyAsync(new { key = consumer.RawKey });

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("valid").GetBoolean(), Is.True);
            Assert.That(first.GetProperty("remaining").GetProperty("hour").GetInt64(), Is.Zero);
            Assert.That(second.Str("code"), Is.EqualTo("limited"));
            Assert.That(second.GetProperty("retry_after_seconds").GetInt64(), Is.GreaterThanOrEqualTo(1));
        });
        using var proxied = await _client.SendAsync(consumer.Get(Weather));
        Assert.That(proxied.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [TestCase(null, "verify-token-missing")]
    [TestCase("verify-test-token-0123456789abcdef012345678X", "verify-token-invalid")]
    public async Task Verify_WithoutAVerifyToken_Is401(string? token, string type)
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/keys/verify") { Content = JsonContent.Create(new { key = consumer.RawKey }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo($"urn:tollgate:problem:{type}"));
        Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Bearer"));
        Assert.That(await UsageTodayAsync(consumer), Is.Zero);
    }

    [TestCase("""{"feature":"current"}""", "key")]
    [TestCase("""{"key":"tg_x","cost":0}""", "cost")]
    [TestCase("""{"key":"tg_x","cost":1001}""", "cost")]
    [TestCase("""{"key":"tg_x","client_ip":"not-an-address"}""", "client_ip")]
    [TestCase("""{"key":"tg_x","feature":""}""", "feature")]
    public async Task Verify_BadInput_Is400NamingTheField(string json, string field)
    {
        using var response = await PostAsync(new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem.ReadAsync(response)).ErrorFields, Does.Contain(field));
    }

    [Test]
    public async Task Verify_NotJson_Is400Or415()
    {
        using var broken = await PostAsync(new StringContent("{\"key\":", Encoding.UTF8, "application/json"));
        using var text = await PostAsync(new StringContent("key=tg_x", Encoding.UTF8, "text/plain"));

        Assert.Multiple(async () =>
        {
            Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await Problem.ReadAsync(broken)).Type, Is.EqualTo("urn:tollgate:problem:malformed-request"));
            Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        });
    }

    [Test]
    public async Task Verify_NoTokensConfigured_PathIsNotMapped()
    {
        await using var plain = new GatewayHost(_upstream.Address);
        using var client = plain.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/keys/verify") { Content = JsonContent.Create(new { key = "tg_x" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ShortVerifyToken_StopsStartUp()
    {
        await using var gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?> { ["Gateway:VerifyTokens:0"] = "short" });

        var error = Assert.Catch(() => gateway.CreateClient());

        var text = "";
        for (var e = error; e is not null; e = e.InnerException)
        {
            text += e.Message;
        }
        Assert.That(text, Does.Contain("Gateway:VerifyTokens:0 must be at least 32 characters"));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> VerifyAsync(object body)
    {
        using var response = await PostAsync(JsonContent.Create(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/keys/verify") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await _client.SendAsync(request);
    }

    /// <summary>Requests counted for the consumer's account today, as its usage history says (read in Redis: a key limited to other networks could not ask).</summary>
    private async Task<long> UsageTodayAsync(TestConsumer consumer) =>
        (await _gateway.Services.GetRequiredService<UsageHistoryReader>().ReadAsync(consumer.Account.Id, days: 1, CancellationToken.None))[0].Total;
}
