using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;
using Tollgate.Core.Redis;
using Tollgate.Webhooks;
using Tollgate.Webhooks.Endpoints;
using Tollgate.Webhooks.Signing;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary>
/// Without <c>Webhooks:AllowPrivateNetworks</c>, webhooks reach public https targets only: private, loopback and link-local
/// targets are refused when registered, and again when connecting (a name that resolved outward at registration and inward
/// now, DNS rebinding).
/// </summary>
public sealed class WebhookTargetTests
{
    private AdminApiHost _admin = null!;
    private HttpClient _adminClient = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _admin = new AdminApiHost(WebhookSettings.Fast(allowPrivateNetworks: false));
        _adminClient = _admin.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _adminClient.Dispose();
        await _admin.DisposeAsync();
    }

    [TestCase("https://127.0.0.1/hook")]
    [TestCase("https://localhost:8443/hook")]
    [TestCase("https://10.1.2.3/hook")]
    [TestCase("https://172.20.0.1/hook")]
    [TestCase("https://192.168.1.10/hook")]
    [TestCase("https://169.254.169.254/latest/meta-data")]
    [TestCase("https://100.64.0.1/hook")]
    [TestCase("https://[::1]/hook")]
    [TestCase("https://[fd00::1]/hook")]
    [TestCase("https://[fe80::1]/hook")]
    [TestCase("https://[::ffff:127.0.0.1]/hook")]
    public async Task Register_PrivateOrLoopbackTarget_Refused(string url)
    {
        var id = await _adminClient.CreateAccountIdAsync();

        using var response = await _adminClient.PostAsJsonAsync($"/admin/accounts/{id}/webhooks", new { url });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:webhook-target-refused"));
            Assert.That(problem.ErrorFields, Is.EqualTo((string[])["url"]));
            Assert.That((await _adminClient.GetJsonAsync($"/admin/accounts/{id}/webhooks")).GetProperty("webhooks").GetArrayLength(), Is.Zero);
        });
    }

    [TestCase("http://93.184.215.14/hook")]
    [TestCase("ftp://93.184.215.14/hook")]
    [TestCase("https://user:pass@93.184.215.14/hook")]
    [TestCase("/relative")]
    public async Task Register_NotAPlainHttpsUrl_Refused(string url)
    {
        var id = await _adminClient.CreateAccountIdAsync();

        using var response = await _adminClient.PostAsJsonAsync($"/admin/accounts/{id}/webhooks", new { url });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:validation-failed"));
            Assert.That(problem.ErrorFields, Is.EqualTo((string[])["url"]));
        });
    }

    [Test]
    public async Task Delivery_ToAnEndpointThatNowResolvesToLoopback_RefusedAtConnect_ReceiverGetsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var upstream = new UpstreamHost();
        await using var gateway = new GatewayHost(upstream.Address, WebhookSettings.Fast(allowPrivateNetworks: false));
        _ = gateway.Services;
        var id = await _adminClient.CreateAccountIdAsync();
        // As if registered while its name pointed outward: the record is written as registration writes it.
        var endpoint = new StoredEndpoint("wh_rebindrebindrebi", receiver.UrlFor("rebound"), [], [new StoredSecret(WebhookSecrets.New(), null)], 0);
        var db = RedisSetUp.Redis.Multiplexer.GetDatabase();
        await db.HashSetAsync(RedisKeys.AccountWebhooks(id), endpoint.Id, JsonSerializer.Serialize(endpoint, WebhookJson.Options));
        await db.SetAddAsync(RedisKeys.WebhookAccounts, id);

        await db.StreamAddAsync(RedisKeys.AccountEvents(id),
        [
            new NameValueEntry("type", "usage.threshold"),
            new NameValueEntry("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            new NameValueEntry("data", """{"window":"day","percent":100,"limit":1000,"used":1000}"""),
        ]);

        JsonElement delivery = default;
        for (var i = 0; i < 100; i++)
        {
            var log = await WebhookSettings.DeliveriesAsync(_adminClient, id, endpoint.Id);
            if (log.Length == 1 && log[0].GetProperty("attempts").GetInt32() >= 1)
            {
                delivery = log[0];
                break;
            }
            await Task.Delay(100);
        }
        await db.KeyDeleteAsync(RedisKeys.AccountWebhooks(id)); // nothing left for later tests' gateways to retry
        Assert.Multiple(() =>
        {
            Assert.That(delivery.ValueKind, Is.EqualTo(JsonValueKind.Object), "an attempt was made and logged");
            Assert.That(delivery.GetProperty("status").GetString(), Is.EqualTo("pending"), "retried later, in case the name points outward again");
            Assert.That(delivery.GetProperty("last_error").GetString(), Does.Contain("no public address"));
            Assert.That(receiver.Received, Is.Empty, "no connection reached the receiver");
        });
    }
}
