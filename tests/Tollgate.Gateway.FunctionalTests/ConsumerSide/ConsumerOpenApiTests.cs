using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Tollgate.Gateway.FunctionalTests.ConsumerSide;

/// <summary>
/// The public side's own OpenAPI document and reference page: exactly the public paths (subscription endpoints and key
/// verification), never an operator's or the dashboard's, with the webhook payloads as OpenAPI 3.1 webhooks.
/// </summary>
public sealed class ConsumerOpenApiTests
{
    private static readonly string[] PublicPaths =
    [
        "/api/v3/subscription/tiers",
        "/api/v3/subscription/my-tier",
        "/api/v3/subscription/upgrade",
        "/api/v3/subscription/usage-history",
        "/v1/keys/verify",
    ];

    private UpstreamHost _upstream = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;
    private string _json = "";
    private JsonElement _document;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = new UpstreamHost();
        _gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?> { ["Gateway:VerifyTokens:0"] = "openapi-test-token-0123456789abcdef0123456789" });
        _client = _gateway.CreateClient();
        using var response = await _client.GetAsync("/openapi/consumer.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "served without a key");
        _json = await response.Content.ReadAsStringAsync();
        _document = JsonDocument.Parse(_json).RootElement.Clone();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Test]
    public void Document_ParsesAsOpenApi31WithoutErrors()
    {
        var result = OpenApiDocument.Parse(_json, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.Multiple(() =>
        {
            Assert.That(_document.GetProperty("openapi").GetString(), Does.StartWith("3.1"));
            Assert.That(result.Diagnostic?.Errors, Is.Empty);
            Assert.That(result.Document?.Paths.Keys, Is.EquivalentTo(PublicPaths));
        });
    }

    [Test]
    public void Document_ListsExactlyThePublicPaths()
    {
        var paths = _document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(paths, Is.EquivalentTo(PublicPaths), "no /admin, /dashboard, /billing or health path");
    }

    [Test]
    public void Document_SaysWhichCredentialEachOperationNeeds()
    {
        var paths = _document.GetProperty("paths");
        string[] Schemes(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name))
                : []];

        Assert.Multiple(() =>
        {
            Assert.That(Schemes("/api/v3/subscription/tiers", "get"), Is.Empty);
            Assert.That(Schemes("/api/v3/subscription/my-tier", "get"), Is.EqualTo((string[])["ApiKey"]));
            Assert.That(Schemes("/v1/keys/verify", "post"), Is.EqualTo((string[])["VerifyToken"]));
            Assert.That(paths.GetProperty("/v1/keys/verify").GetProperty("post").GetProperty("requestBody").ToString(), Does.Contain("VerifyKeyRequest"));
        });
    }

    [Test]
    public void Document_DescribesTheWebhookPayloads()
    {
        var webhooks = _document.GetProperty("webhooks");
        var threshold = webhooks.GetProperty("usage.threshold").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var data = threshold.GetProperty("properties").GetProperty("data").GetProperty("properties");

        Assert.Multiple(() =>
        {
            Assert.That(webhooks.EnumerateObject().Select(w => w.Name), Is.EquivalentTo((string[])[
                "usage.threshold", "usage.limited", "key.expiring", "key.revoked", "tier.changed", "payment.failed"]));
            Assert.That(threshold.GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EquivalentTo((string[])["type", "timestamp", "data"]));
            Assert.That(data.EnumerateObject().Select(p => p.Name), Is.EquivalentTo((string[])["window", "percent", "limit", "used"]));
            Assert.That(webhooks.GetProperty("usage.limited").ToString(), Does.Contain("retry_after_seconds"));
            Assert.That(webhooks.GetProperty("key.revoked").ToString(), Does.Contain("webhook-signature"));
        });
    }

    [Test]
    public void Document_DescribesEachTiersBurstWindowAndOverageTerms()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        string[] Properties(string schema) => [.. schemas.GetProperty(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name)];

        Assert.Multiple(() =>
        {
            Assert.That(Properties("TierDescription"), Is.SupersetOf((string[])["requests_per_second", "overage"]));
            Assert.That(Properties("MyTierResponse"), Is.SupersetOf((string[])["requests_per_second", "overage"]));
            Assert.That(Properties("TierOverageResponse"), Is.EquivalentTo((string[])["mode", "unit_price_per_1000", "cap"]));
        });
    }

    [Test]
    public async Task ReferencePage_IsServed()
    {
        using var response = await _client.GetAsync("/docs/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }
}
