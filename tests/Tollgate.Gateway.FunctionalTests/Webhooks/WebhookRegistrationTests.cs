using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Webhooks.Signing;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary><c>/admin/accounts/{id}/webhooks</c> on the real admin API: what registration, listing and deletion answer.</summary>
public sealed class WebhookRegistrationTests
{
    private AdminApiHost _admin = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _admin = new AdminApiHost(new Dictionary<string, string?>(WebhookSettings.Fast()) { ["Webhooks:MaxEndpointsPerAccount"] = "2" });
        _client = _admin.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _admin.DisposeAsync();
    }

    [Test]
    public async Task Create_Returns201WithIdAndSecret_ListShowsItWithoutTheSecret()
    {
        var id = await _client.CreateAccountIdAsync();

        using var response = await _client.PostAsJsonAsync($"/admin/accounts/{id}/webhooks",
            new { url = "http://127.0.0.1:9/hooks/a", events = (string[])["key.revoked", "usage.threshold"] });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await _client.GetJsonAsync($"/admin/accounts/{id}/webhooks");

        var secret = created.Str("secret");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Str("id"), Does.StartWith("wh_"));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/admin/accounts/{id}/webhooks/{created.Str("id")}"));
            Assert.That(secret, Does.StartWith("whsec_"));
            Assert.That(Convert.FromBase64String(secret["whsec_".Length..]), Has.Length.EqualTo(32), "24 to 64 bytes, as the spec asks");
            Assert.That(created.Strings("events"), Is.EqualTo((string[])["key.revoked", "usage.threshold"]));
            Assert.That(listed.GetProperty("webhooks").GetArrayLength(), Is.EqualTo(1));
            Assert.That(listed.GetProperty("webhooks")[0].Str("url"), Is.EqualTo("http://127.0.0.1:9/hooks/a"));
            Assert.That(listed.ToString(), Does.Not.Contain(secret));
        });
    }

    [Test]
    public async Task Delete_Returns204_ThenTheEndpointIsGone()
    {
        var id = await _client.CreateAccountIdAsync();
        var (webhookId, _) = await WebhookSettings.RegisterAsync(_client, id, "http://127.0.0.1:9/hooks/b");

        using var deleted = await _client.DeleteAsync($"/admin/accounts/{id}/webhooks/{webhookId}");
        using var again = await _client.DeleteAsync($"/admin/accounts/{id}/webhooks/{webhookId}");
        using var log = await _client.GetAsync($"/admin/accounts/{id}/webhooks/{webhookId}/deliveries");

        Assert.Multiple(async () =>
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await Problem.ReadAsync(again)).Type, Is.EqualTo("urn:tollgate:problem:webhook-not-found"));
            Assert.That(log.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await _client.GetJsonAsync($"/admin/accounts/{id}/webhooks")).GetProperty("webhooks").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Create_UnknownEventType_Returns400NamingEvents()
    {
        var id = await _client.CreateAccountIdAsync();

        using var response = await _client.PostAsJsonAsync($"/admin/accounts/{id}/webhooks",
            new { url = "http://127.0.0.1:9/hooks/c", events = (string[])["key.revoked", "key.stolen"] });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.ErrorFields, Is.EqualTo((string[])["events"]));
            Assert.That(problem.Detail, Does.Contain("key.stolen"));
        });
    }

    [Test]
    public async Task Create_BeyondTheEndpointLimit_Returns409()
    {
        var id = await _client.CreateAccountIdAsync();
        await WebhookSettings.RegisterAsync(_client, id, "http://127.0.0.1:9/hooks/d1");
        await WebhookSettings.RegisterAsync(_client, id, "http://127.0.0.1:9/hooks/d2");

        using var response = await _client.PostAsJsonAsync($"/admin/accounts/{id}/webhooks", new { url = "http://127.0.0.1:9/hooks/d3" });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:webhook-limit-reached"));
        });
    }

    [Test]
    public async Task Create_UnknownAccount_Returns404()
    {
        using var response = await _client.PostAsJsonAsync("/admin/accounts/acc_aaaaaaaaaaaaaaaa/webhooks", new { url = "http://127.0.0.1:9/hooks/e" });

        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:account-not-found"));
    }

    [Test]
    public void Signer_MatchesTheStandardWebhooksTestVector()
    {
        var signature = WebhookSigner.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""",
            ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);

        Assert.That(signature, Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }
}
