using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary>
/// Webhooks end to end: endpoints registered through the real admin API, events from the real changes (or written to the
/// outbox as the limiter script writes them), delivered by the gateway's worker over HTTP to a receiver that verifies the
/// Standard Webhooks signature the way the spec tells receivers to.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private WebhookReceiver _receiver = null!;
    private UpstreamHost _upstream = null!;
    private GatewayHost _gateway = null!;
    private AdminApiHost _admin = null!;
    private HttpClient _adminClient = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _upstream = new UpstreamHost();
        _gateway = new GatewayHost(_upstream.Address, WebhookSettings.Fast());
        _ = _gateway.Services; // starts it, and its delivery worker with it
        _admin = new AdminApiHost(WebhookSettings.Fast());
        _adminClient = _admin.CreateClient();
    }

    [TearDown]
    public void ShowWorkerLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine(string.Join(Environment.NewLine, _gateway.Logs.Lines.Where(l => l.Contains("ebhook", StringComparison.Ordinal)).TakeLast(30)));
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _adminClient.Dispose();
        await _admin.DisposeAsync();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Test]
    public async Task KeyRevoked_ArrivesOnce_SignedPerStandardWebhooks()
    {
        var id = await _adminClient.CreateAccountIdAsync();
        var key = await _adminClient.CreateKeyAsync(id, new { name = "to revoke" });
        var (webhookId, secret) = await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("revoked"), "key.revoked");

        using (var revoke = await _adminClient.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
        {
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var delivery = (await _receiver.WaitForAsync("revoked")).Single();
        var data = delivery.Json.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(delivery.IsSignedWith(secret), Is.True, delivery.Signature);
            Assert.That(delivery.IsSignedWith(WebhookSecretOfAnotherEndpoint), Is.False, "a signature by another secret does not verify");
            Assert.That(delivery.Id, Does.StartWith("msg_"));
            Assert.That(delivery.ContentType, Does.StartWith("application/json"));
            Assert.That(delivery.Type, Is.EqualTo("key.revoked"));
            Assert.That(delivery.Json.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(data.GetProperty("key_id").GetString(), Is.EqualTo(key.Str("key_id")));
            Assert.That(data.GetProperty("name").GetString(), Is.EqualTo("to revoke"));
            Assert.That(data.GetProperty("prefix").GetString(), Is.EqualTo(key.Str("prefix")));
        });

        // Revoking again is no new change: no second event; and the one sent is not sent again.
        using (await _adminClient.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
        {
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.That(_receiver.To("revoked"), Has.Count.EqualTo(1));
        var log = await WebhookSettings.DeliveriesAsync(_adminClient, id, webhookId);
        Assert.Multiple(() =>
        {
            Assert.That(log, Has.Length.EqualTo(1));
            Assert.That(log[0].GetProperty("id").GetString(), Is.EqualTo(delivery.Id));
            Assert.That(log[0].GetProperty("status").GetString(), Is.EqualTo("succeeded"));
            Assert.That(log[0].GetProperty("attempts").GetInt32(), Is.EqualTo(1));
            Assert.That(log[0].GetProperty("last_status_code").GetInt32(), Is.EqualTo(204));
        });
    }

    [Test]
    public async Task UsageThreshold_ProxiedRequestsCrossEightyPercent_TheLimiterCallRecordsIt_ArrivesOnceSigned()
    {
        // The whole path: requests through the gateway, the limiter script deciding the crossing in its own call, the
        // account's outbox, the worker, the receiver. A free account has 60 an hour: the 48th request reaches 80%.
        var id = await _adminClient.CreateAccountIdAsync();
        var key = (await _adminClient.CreateKeyAsync(id, new { name = "busy" })).Str("api_key");
        var (_, secret) = await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("crossed"), "usage.threshold");
        using var client = _gateway.CreateClient();

        for (var i = 1; i <= 52; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/weather/current?city=Paris");
            request.Headers.Add("X-API-Key", key);
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i}");
        }

        var delivery = (await _receiver.WaitForAsync("crossed")).Single();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var data = delivery.Json.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(_receiver.To("crossed"), Has.Count.EqualTo(1), "80% of the hour fires once; 52 requests reach no other threshold");
            Assert.That(delivery.IsSignedWith(secret), Is.True, delivery.Signature);
            Assert.That(delivery.Type, Is.EqualTo("usage.threshold"));
            Assert.That(data.GetProperty("window").GetString(), Is.EqualTo("hour"));
            Assert.That(data.GetProperty("percent").GetInt32(), Is.EqualTo(80));
            Assert.That(data.GetProperty("limit").GetInt32(), Is.EqualTo(60));
            // A permit lease's take counts its permits at once, so the call that crosses may count a few ahead of use: a
            // take is at most a quarter of the room left (Limits:Leases:Headroom), 3 of the 13 left at 47, plus the
            // couple a topped-up lease still held.
            Assert.That(data.GetProperty("used").GetInt32(), Is.InRange(48, 52));
        });
    }

    [Test]
    public async Task UsageThreshold_WrittenToTheOutboxAsTheLimiterDoes_ArrivesOnceSigned()
    {
        var id = await _adminClient.CreateAccountIdAsync();
        var (_, secret) = await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("threshold"));
        var at = DateTimeOffset.UtcNow;

        await Redis.StreamAddAsync(RedisKeys.AccountEvents(id),
        [
            new NameValueEntry("type", "usage.threshold"),
            new NameValueEntry("at", at.ToUnixTimeMilliseconds()),
            new NameValueEntry("data", """{"window":"hour","percent":80,"limit":60,"used":48}"""),
        ]);

        var delivery = (await _receiver.WaitForAsync("threshold")).Single();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var data = delivery.Json.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(_receiver.To("threshold"), Has.Count.EqualTo(1), "delivered once");
            Assert.That(delivery.IsSignedWith(secret), Is.True);
            Assert.That(delivery.Type, Is.EqualTo("usage.threshold"));
            Assert.That(delivery.Json.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(at).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(data.GetProperty("window").GetString(), Is.EqualTo("hour"));
            Assert.That(data.GetProperty("percent").GetInt32(), Is.EqualTo(80));
            Assert.That(data.GetProperty("used").GetInt32(), Is.EqualTo(48));
        });
    }

    [Test]
    public async Task ReceiverAnswers500_RetriedWithTheSameId_UntilItSucceeds()
    {
        var id = await _adminClient.CreateAccountIdAsync();
        var (webhookId, secret) = await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("flaky"), "tier.changed");
        _receiver.AnswerNext("flaky", 500, 503);

        using (var change = await _adminClient.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" }))
        {
            Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var deliveries = await _receiver.WaitForAsync("flaky", count: 3);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var log = await WebhookSettings.DeliveriesAsync(_adminClient, id, webhookId);
        Assert.Multiple(() =>
        {
            Assert.That(_receiver.To("flaky"), Has.Count.EqualTo(3), "two failures, one success, nothing after");
            Assert.That(deliveries.Select(d => d.Id).Distinct(), Has.Exactly(1).Items, "one message id on every attempt");
            Assert.That(deliveries.All(d => d.IsSignedWith(secret)), Is.True);
            Assert.That(deliveries[0].Json.GetProperty("data").GetProperty("to").GetString(), Is.EqualTo("pro"));
            Assert.That(deliveries[0].Json.GetProperty("data").GetProperty("from").GetString(), Is.EqualTo("free"));
            Assert.That(deliveries[2].ReceivedAt - deliveries[1].ReceivedAt, Is.GreaterThan(deliveries[1].ReceivedAt - deliveries[0].ReceivedAt),
                "each retry waits longer");
            Assert.That(log.Single().GetProperty("status").GetString(), Is.EqualTo("succeeded"));
            Assert.That(log.Single().GetProperty("attempts").GetInt32(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task RotatedSecret_DeliveriesCarryBothSignatures_AndTheNewSecretIsShownOnce()
    {
        var id = await _adminClient.CreateAccountIdAsync();
        var key = await _adminClient.CreateKeyAsync(id);
        var (webhookId, oldSecret) = await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("rotated"), "key.revoked");

        using var rotation = await _adminClient.PostAsync($"/admin/accounts/{id}/webhooks/{webhookId}/rotate-secret", null);
        var rotated = await rotation.Content.ReadFromJsonAsync<JsonElement>();
        var newSecret = rotated.Str("secret");
        using (await _adminClient.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
        {
        }

        var delivery = (await _receiver.WaitForAsync("rotated")).Single();
        var listed = await _adminClient.GetJsonAsync($"/admin/accounts/{id}/webhooks");
        Assert.Multiple(() =>
        {
            Assert.That(rotation.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(newSecret, Does.StartWith("whsec_").And.Not.EqualTo(oldSecret));
            Assert.That(rotated.GetProperty("previous_secret_expires_at").GetDateTimeOffset(),
                Is.EqualTo(DateTimeOffset.UtcNow.AddHours(24)).Within(TimeSpan.FromMinutes(1)));
            Assert.That(delivery.Signature.Split(' '), Has.Length.EqualTo(2));
            Assert.That(delivery.IsSignedWith(newSecret), Is.True, "receivers with the new secret verify");
            Assert.That(delivery.IsSignedWith(oldSecret), Is.True, "receivers still on the old secret verify meanwhile");
            Assert.That(listed.ToString(), Does.Not.Contain("whsec_"), "the list never shows a secret");
        });
    }

    [Test]
    public async Task Redeliver_SendsTheLoggedDeliveryAgain_WithTheSameId()
    {
        var id = await _adminClient.CreateAccountIdAsync();
        var key = await _adminClient.CreateKeyAsync(id);
        var (webhookId, secret) = await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("redeliver"), "key.revoked");
        using (await _adminClient.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
        {
        }
        var first = (await _receiver.WaitForAsync("redeliver")).Single();

        using var redeliver = await _adminClient.PostAsync($"/admin/accounts/{id}/webhooks/{webhookId}/deliveries/{first.Id}/redeliver", null);
        var both = await _receiver.WaitForAsync("redeliver", count: 2);
        using var unknown = await _adminClient.PostAsync(
            $"/admin/accounts/{id}/webhooks/{webhookId}/deliveries/msg_00000000000000000000000000/redeliver", null);

        Assert.Multiple(async () =>
        {
            Assert.That(redeliver.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(both[1].Id, Is.EqualTo(first.Id));
            Assert.That(both[1].Body, Is.EqualTo(first.Body));
            Assert.That(both[1].IsSignedWith(secret), Is.True);
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await Problem.ReadAsync(unknown)).Type, Is.EqualTo("urn:tollgate:problem:webhook-delivery-not-found"));
        });
    }

    [Test]
    public async Task KeyExpiringWithinSevenDays_AnnouncedOnce()
    {
        var id = await _adminClient.CreateAccountIdAsync();
        var (_, secret) = await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("expiring"), "key.expiring");
        var soon = await _adminClient.CreateKeyAsync(id, new { name = "soon", expires_at = DateTimeOffset.UtcNow.AddDays(3) });
        await _adminClient.CreateKeyAsync(id, new { name = "later", expires_at = DateTimeOffset.UtcNow.AddDays(30) });

        var delivery = (await _receiver.WaitForAsync("expiring")).Single();
        await Task.Delay(TimeSpan.FromSeconds(2)); // several scans
        Assert.Multiple(() =>
        {
            Assert.That(_receiver.To("expiring"), Has.Count.EqualTo(1), "once per key, the 30-day key not yet");
            Assert.That(delivery.IsSignedWith(secret), Is.True);
            Assert.That(delivery.Json.GetProperty("data").GetProperty("key_id").GetString(), Is.EqualTo(soon.Str("key_id")));
            Assert.That(delivery.Json.GetProperty("data").GetProperty("expires_at").GetDateTimeOffset(),
                Is.EqualTo(soon.GetProperty("expires_at").GetDateTimeOffset()).Within(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public async Task EventsOfOtherTypes_AndAccountsWithoutEndpoints_SendNothing()
    {
        var id = await _adminClient.CreateAccountIdAsync();
        await WebhookSettings.RegisterAsync(_adminClient, id, _receiver.UrlFor("only-revoked"), "key.revoked");
        var silent = await _adminClient.CreateAccountIdAsync();

        using (await _adminClient.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" }))
        using (await _adminClient.PutAsJsonAsync($"/admin/accounts/{silent}/tier", new { tier = "pro" }))
        {
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Multiple(async () =>
        {
            Assert.That(_receiver.To("only-revoked"), Is.Empty);
            Assert.That(await Redis.KeyExistsAsync(RedisKeys.AccountEvents(silent)), Is.False, "no outbox for an account nobody listens to");
        });
    }

    private const string WebhookSecretOfAnotherEndpoint = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static IDatabase Redis => RedisSetUp.Redis.Multiplexer.GetDatabase();
}
