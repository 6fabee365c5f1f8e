using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Requests;

/// <summary>Whatever a client sends, the answer is a 4xx problem naming what is wrong, never a 500.</summary>
public sealed class MalformedRequestTests : AdminApiTestBase
{
    private string _account = null!;
    private string _key = null!;

    [OneTimeSetUp]
    public async Task CreateAccountAsync()
    {
        _account = await Client.CreateAccountIdAsync("pro");
        _key = (await Client.CreateKeyAsync(_account)).Str("key_id");
    }

    private static IEnumerable<TestCaseData> JsonBodies()
    {
        // method, path ({a} = an account, {k} = one of its keys), body, field the answer must name (null: any)
        var cases = new (string Method, string Path, string Body, string? Field)[]
        {
            ("POST", "/admin/accounts", "{", "body"),
            ("POST", "/admin/accounts", "{\"email\":", "email"),
            ("POST", "/admin/accounts", "not json at all", "body"),
            ("POST", "/admin/accounts", "[]", null),
            ("POST", "/admin/accounts", "\"just a string\"", null),
            ("POST", "/admin/accounts", "42", null),
            ("POST", "/admin/accounts", "null", "body"),
            ("POST", "/admin/accounts", "", "body"),
            ("POST", "/admin/accounts", "{\"email\": 5}", "email"),
            ("POST", "/admin/accounts", "{\"email\": {\"a\": 1}}", "email"),
            ("POST", "/admin/accounts", "{\"email\": \"a@example.com\", \"tier\": 7}", "tier"),
            ("POST", "/admin/accounts", "{\"email\": \"a@example.com\", \"tier\": [\"pro\"]}", "tier"),
            ("POST", "/admin/accounts", "{\"emial\": \"a@example.com\"}", "emial"),
            ("POST", "/admin/accounts", "{\"email\": \"a@example.com\",}", null),
            ("POST", "/admin/accounts", "{\"email\": \"\\ud800\"}", null),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": \"x\", \"expires_at\": \"tomorrow\"}", "expires_at"),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": \"x\", \"expires_at\": 12345}", "expires_at"),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": \"x\", \"scopes\": \"current\"}", "scopes"),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": \"x\", \"scopes\": [1, 2]}", null),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": \"x\", \"scopes\": [null]}", "scopes"),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": \"x\", \"allowed_ips\": [true]}", null),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": \"x\", \"allowed_ips\": [null]}", "allowed_ips"),
            ("POST", "/admin/accounts/{a}/keys", "{\"name\": 3}", "name"),
            ("POST", "/admin/accounts/{a}/keys", "{}", "name"),
            ("POST", "/admin/accounts/{a}/keys/{k}/rotate", "{\"grace_period_seconds\": \"soon\"}", "grace_period_seconds"),
            ("POST", "/admin/accounts/{a}/keys/{k}/rotate", "{\"grace_period_seconds\": 1e12}", "grace_period_seconds"),
            ("POST", "/admin/accounts/{a}/keys/{k}/rotate", "{\"grace_period_seconds\": 1.5}", "grace_period_seconds"),
            ("POST", "/admin/accounts/{a}/keys/{k}/rotate", "{\"grace\": 10}", "grace"),
            ("PUT", "/admin/accounts/{a}/tier", "{\"tier\": {}}", "tier"),
            ("PUT", "/admin/accounts/{a}/tier", "{\"tier\": null}", "tier"),
            ("PUT", "/admin/accounts/{a}/tier", "", "tier"),
            ("PUT", "/admin/accounts/{a}/tier", "{{{{", null),
        };
        foreach (var (method, path, body, field) in cases)
        {
            yield return new TestCaseData(method, path, body, field).SetArgDisplayNames(method, path, body.Length > 40 ? body[..40] : body);
        }
    }

    [TestCaseSource(nameof(JsonBodies))]
    public async Task JsonEndpoint_MalformedOrMistypedBody_Returns400ProblemNamingTheField(string method, string path, string body, string? field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Resolve(path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await Problem.ReadAsync(response);
        Assert.That(problem.Type, Is.AnyOf("urn:tollgate:problem:malformed-request", "urn:tollgate:problem:validation-failed"));
        if (field is not null)
        {
            Assert.That(problem.ErrorFields, Does.Contain(field));
            Assert.That(problem.Detail, Does.Contain(field));
        }
    }

    [TestCase("POST", "/admin/accounts")]
    [TestCase("POST", "/admin/accounts/{a}/keys")]
    [TestCase("PUT", "/admin/accounts/{a}/tier")]
    [TestCase("POST", "/admin/accounts/{a}/keys/{k}/rotate")]
    public async Task JsonEndpoint_BodyOver64KiB_Returns413(string method, string path)
    {
        var body = "{\"name\": \"" + new string('x', 70 * 1024) + "\"}";
        using var request = new HttpRequestMessage(new HttpMethod(method), Resolve(path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:payload-too-large"));
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task JsonEndpoint_OtherMediaType_Returns415(string mediaType)
    {
        using var content = new StringContent("{\"email\": \"a@example.com\"}", Encoding.UTF8, mediaType);

        using var response = await Client.PostAsync("/admin/accounts", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:unsupported-media-type"));
    }

    [Test]
    public async Task JsonEndpoint_DeeplyNestedJson_Returns400()
    {
        var body = "{\"email\": " + new string('[', 2000) + new string(']', 2000) + "}";

        using var response = await Client.PostAsync("/admin/accounts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        await Problem.ReadAsync(response);
    }

    [Test]
    public async Task UnknownRoute_Returns404Problem()
    {
        using var response = await Client.GetAsync("/admin/nothing-here");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:not-found"));
    }

    [Test]
    public async Task WrongMethod_Returns405Problem()
    {
        using var response = await Client.PatchAsync("/admin/tiers", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:method-not-allowed"));
    }

    private static IEnumerable<TestCaseData> Garbage()
    {
        var random = new Random(20240601);
        string[] paths =
        [
            "/admin/accounts", "/admin/accounts/{a}/keys", "/admin/accounts/{a}/keys/{k}/rotate", "/admin/accounts/{a}/tier",
            "/admin/import/users",
        ];
        string[] mediaTypes = ["application/json", "text/csv", "application/octet-stream"];
        for (var i = 0; i < 15; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var path = paths[i % paths.Length];
            yield return new TestCaseData(path.EndsWith("/tier", StringComparison.Ordinal) ? "PUT" : "POST", path, mediaTypes[i % mediaTypes.Length], bytes)
                .SetArgDisplayNames(path, mediaTypes[i % mediaTypes.Length], $"{bytes.Length} random bytes #{i}");
        }
    }

    [TestCaseSource(nameof(Garbage))]
    public async Task AnyEndpoint_RandomBytes_NeverReturns500(string method, string path, string mediaType, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var request = new HttpRequestMessage(new HttpMethod(method), Resolve(path)) { Content = content };

        using var response = await Client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
        if ((int)response.StatusCode >= 400)
        {
            Assert.That((await Problem.ReadAsync(response)).Type, Does.StartWith("urn:tollgate:problem:"));
        }
    }

    [TestCase("/admin/accounts/..%2F..%2Fetc")]
    [TestCase("/admin/accounts/acc_aaaaaaaaaaaaaaaa/keys/%F0%9F%94%91")]
    [TestCase("/admin/accounts/%E2%80%AE/usage")]
    public async Task OddIds_Return404Problem(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await Problem.ReadAsync(response);
    }

    private string Resolve(string path) => path.Replace("{a}", _account, StringComparison.Ordinal).Replace("{k}", _key, StringComparison.Ordinal);
}
