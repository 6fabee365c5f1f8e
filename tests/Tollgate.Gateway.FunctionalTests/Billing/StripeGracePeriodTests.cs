using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;
using Tollgate.Testing.Stripe;

namespace Tollgate.Gateway.FunctionalTests.Billing;

/// <summary>
/// <c>invoice.payment_failed</c> under <c>Billing:Provider=Stripe</c>, on a gateway whose clock is a <see cref="FakeTimeProvider"/>: the
/// account keeps its tier for <c>Billing:GraceDays</c>, then falls to free with the keys free has no room for disabled (least
/// recently used first, never deleted), and they come back when the account pays for a bigger tier again.
/// </summary>
public sealed class StripeGracePeriodTests
{
    private const string Current = "/api/v3/weather/current?city=Oslo";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private StripeStandIn _stripe = null!;
    private UpstreamHost _upstream = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _stripe = new StripeStandIn();
        _upstream = new UpstreamHost();
        _gateway = new GatewayHost(_upstream.Address, StripeSettings.For(_stripe, new Dictionary<string, string?> { ["Billing:GraceDays"] = "7" }),
            configureServices: services => services.AddSingleton<TimeProvider>(_clock));
        _client = _gateway.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Test]
    public async Task PaymentFailure_DowngradesAfterTheGracePeriod_DisablingTheLeastRecentlyUsedKeys_WhichComeBackOnReupgrade()
    {
        var first = await _gateway.CreateConsumerAsync("free");
        var subscription = _stripe.AddSubscription("cus_grace", StripeSettings.ProPrice, _clock.GetUtcNow(), Metadata(first.Account.Id));
        await DeliverAsync("checkout.session.completed", StripeEvents.CompletedSession(first.Account.Id, "pro", "cus_grace", subscription.Id));
        var keys = new List<TestConsumer> { first };
        var store = _gateway.Services.GetRequiredService<IApiKeyStore>();
        for (var i = 2; i <= 4; i++)
        {
            var issued = (KeyIssueResult.Issued)await store.IssueWithinLimitAsync(first.Account.Id, "pro", 10, new NewApiKey($"key {i}"), CancellationToken.None);
            keys.Add(first with { RawKey = issued.Key.RawKey, Key = issued.Key.Record });
        }
        // Keys 1 and 4 are in use; 2 and 3 never were: free (2 keys) keeps the two in use, whatever their age.
        await ExpectAsync(keys[0], HttpStatusCode.OK);
        await ExpectAsync(keys[3], HttpStatusCode.OK);

        await DeliverAsync("invoice.payment_failed", StripeEvents.FailedInvoice(first.Account.Id, "cus_grace", subscription.Id));
        var failedAt = _clock.GetUtcNow();
        Assert.That((await AccountAsync(first)).Billing.GraceEndsAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(failedAt.AddDays(7).ToUnixTimeMilliseconds())));

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await Task.Delay(500); // the grace service had its chance to act (wrongly)
        Assert.That((await AccountAsync(first)).Tier, Is.EqualTo("pro"), "still within the grace period");

        _clock.Advance(TimeSpan.FromMinutes(2));
        var account = await WaitForTierAsync(first, "free");

        Assert.Multiple(() =>
        {
            Assert.That(account.DisabledKeyIds, Is.EquivalentTo(new[] { keys[1].Key.KeyId, keys[2].Key.KeyId }));
            Assert.That(account.Billing.GraceEndsAt, Is.Null);
        });
        await ExpectAsync(keys[0], HttpStatusCode.OK);
        await ExpectAsync(keys[3], HttpStatusCode.OK);
        foreach (var disabled in new[] { keys[1], keys[2] })
        {
            using var refused = await _client.SendAsync(disabled.Get(Current));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await Problem.ReadAsync(refused)).Type, Is.EqualTo("urn:tollgate:problem:api-key-disabled"));
        }
        Assert.That((await store.ListAsync(first.Account.Id, CancellationToken.None)).Count, Is.EqualTo(4), "never deleted");

        // The customer pays again (a new checkout): every key is back.
        var renewed = _stripe.AddSubscription("cus_grace", StripeSettings.ProPrice, _clock.GetUtcNow(), Metadata(first.Account.Id));
        await DeliverAsync("checkout.session.completed", StripeEvents.CompletedSession(first.Account.Id, "pro", "cus_grace", renewed.Id));

        Assert.That((await AccountAsync(first)).DisabledKeyIds, Is.Empty);
        foreach (var key in keys)
        {
            await ExpectAsync(key, HttpStatusCode.OK);
        }
    }

    [Test]
    public async Task PaymentFailure_FollowedByAPayment_KeepsTheTierPastTheGracePeriod()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var subscription = _stripe.AddSubscription("cus_paid_late", StripeSettings.ProPrice, _clock.GetUtcNow(), Metadata(consumer.Account.Id));
        await DeliverAsync("checkout.session.completed", StripeEvents.CompletedSession(consumer.Account.Id, "pro", "cus_paid_late", subscription.Id));
        await DeliverAsync("invoice.payment_failed", StripeEvents.FailedInvoice(consumer.Account.Id, "cus_paid_late", subscription.Id));
        _clock.Advance(TimeSpan.FromDays(1));

        var paid = StripeEvents.FailedInvoice(consumer.Account.Id, "cus_paid_late", subscription.Id);
        paid["status"] = "paid";
        await DeliverAsync("invoice.paid", paid);
        _clock.Advance(TimeSpan.FromDays(7));
        await Task.Delay(500);

        var account = await AccountAsync(consumer);
        Assert.That(account.Tier, Is.EqualTo("pro"));
        Assert.That(account.Billing.GraceEndsAt, Is.Null);
    }

    private static Dictionary<string, string> Metadata(string accountId) => new() { ["account_id"] = accountId, ["tier"] = "pro" };

    /// <summary>Delivers an event created and signed now on the gateway's clock.</summary>
    private async Task DeliverAsync(string type, System.Text.Json.Nodes.JsonObject data)
    {
        var now = _clock.GetUtcNow();
        var payload = StripeEvents.Event(StripeEvents.NewId(), type, now, data);
        using var response = await WebhookDelivery.PostAsync(_client, payload, StripeEvents.Sign(payload, now));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString(), Is.EqualTo("applied"), type);
    }

    private async Task ExpectAsync(TestConsumer key, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await _client.SendAsync(key.Get(Current));
            if (response.StatusCode == expected)
            {
                return;
            }
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), $"{key.Key.Name}: still {response.StatusCode}");
            await Task.Delay(20);
        }
    }

    private async Task<AccountRecord> WaitForTierAsync(TestConsumer consumer, string tier)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var account = await AccountAsync(consumer);
            if (account.Tier == tier)
            {
                return account;
            }
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), $"still on {account.Tier}");
            await Task.Delay(50);
        }
    }

    private async Task<AccountRecord> AccountAsync(TestConsumer consumer) =>
        (await _gateway.Services.GetRequiredService<IAccountStore>().GetAsync(consumer.Account.Id, CancellationToken.None))!;
}
