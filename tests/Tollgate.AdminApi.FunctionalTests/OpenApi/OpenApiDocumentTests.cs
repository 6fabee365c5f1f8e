using System.Net;
using System.Text.Json;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.OpenApi;

public sealed class OpenApiDocumentTests : AdminApiTestBase
{
    private JsonElement _document;

    [OneTimeSetUp]
    public async Task ReadDocumentAsync()
    {
        using var anonymous = Host.CreateClient(token: null);
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "served without a token");
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [TestCase("post", "/admin/accounts")]
    [TestCase("get", "/admin/accounts")]
    [TestCase("get", "/admin/accounts/{id}")]
    [TestCase("delete", "/admin/accounts/{id}")]
    [TestCase("put", "/admin/accounts/{id}/tier")]
    [TestCase("post", "/admin/accounts/{id}/keys")]
    [TestCase("get", "/admin/accounts/{id}/keys")]
    [TestCase("get", "/admin/accounts/{id}/keys/{keyId}")]
    [TestCase("delete", "/admin/accounts/{id}/keys/{keyId}")]
    [TestCase("post", "/admin/accounts/{id}/keys/{keyId}/rotate")]
    [TestCase("get", "/admin/accounts/{id}/usage")]
    [TestCase("get", "/admin/accounts/{id}/usage-history")]
    [TestCase("get", "/admin/tiers")]
    [TestCase("get", "/admin/audit")]
    [TestCase("post", "/admin/import/users")]
    [TestCase("post", "/admin/accounts/{id}/webhooks")]
    [TestCase("get", "/admin/accounts/{id}/webhooks")]
    [TestCase("delete", "/admin/accounts/{id}/webhooks/{webhookId}")]
    [TestCase("post", "/admin/accounts/{id}/webhooks/{webhookId}/rotate-secret")]
    [TestCase("get", "/admin/accounts/{id}/webhooks/{webhookId}/deliveries")]
    [TestCase("post", "/admin/accounts/{id}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")]
    public void Document_ListsEveryEndpointWithSummaryBearerSecurityAnd401(string method, string path)
    {
        var operation = _document.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Multiple(() =>
        {
            Assert.That(operation.GetProperty("summary").GetString(), Is.Not.Empty);
            Assert.That(operation.GetProperty("security")[0].EnumerateObject().Select(p => p.Name), Does.Contain("AdminBearer"));
            Assert.That(operation.GetProperty("responses").TryGetProperty("401", out _), Is.True);
        });
    }

    [TestCase("get", "/admin/accounts", "any admin token")]
    [TestCase("post", "/admin/accounts", "role `admin`")]
    [TestCase("put", "/admin/accounts/{id}/tier", "role `billing` or `admin`")]
    [TestCase("post", "/admin/accounts/{id}/keys", "role `support` or `admin`")]
    [TestCase("delete", "/admin/accounts/{id}/keys/{keyId}", "role `support` or `admin`")]
    [TestCase("post", "/admin/import/users", "role `admin`")]
    [TestCase("post", "/admin/accounts/{id}/webhooks", "role `support` or `admin`")]
    [TestCase("get", "/admin/accounts/{id}/webhooks/{webhookId}/deliveries", "any admin token")]
    public void Document_DescribesTheAdminRoleEachOperationNeeds(string method, string path, string needed)
    {
        var operation = _document.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.That(operation.GetProperty("description").GetString(), Does.Contain("Requires " + (needed.StartsWith("any", StringComparison.Ordinal) ? needed : "an admin token with " + needed)));
    }

    [Test]
    public void Document_DescribesTheBearerSchemeAndTheProblemTypes()
    {
        var scheme = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("AdminBearer");
        var description = _document.GetProperty("info").GetProperty("description").GetString();

        Assert.Multiple(() =>
        {
            Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("http"));
            Assert.That(scheme.GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
            Assert.That(description, Does.Contain("urn:tollgate:problem:key-limit-reached").And.Contain("application/problem+json"));
            Assert.That(_document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _), Is.True);
        });
    }

    [Test]
    public void Document_RequestBodies_AreSnakeCaseWithExamples()
    {
        var schema = _document.GetProperty("components").GetProperty("schemas").GetProperty("CreateKeyRequest");

        Assert.Multiple(() =>
        {
            Assert.That(schema.GetProperty("properties").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo((string[])["name", "expires_at", "scopes", "allowed_ips"]));
            Assert.That(schema.GetProperty("examples")[0].GetProperty("name").GetString(), Is.EqualTo("ci pipeline"));
            Assert.That(schema.GetProperty("properties").GetProperty("allowed_ips").GetProperty("description").GetString(), Does.Contain("CIDR"));
            Assert.That(schema.GetProperty("properties").GetProperty("scopes").GetProperty("description").GetString(),
                Does.Contain("`account`").And.Contain("dashboard"));
        });
    }

    [Test]
    public async Task ReferencePage_IsServed()
    {
        using var anonymous = Host.CreateClient(token: null);

        using var response = await anonymous.GetAsync("/scalar/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Tollgate admin API"));
    }
}
