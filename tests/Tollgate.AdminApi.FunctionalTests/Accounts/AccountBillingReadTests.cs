using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Redis;

namespace Tollgate.AdminApi.FunctionalTests.Accounts;

/// <summary>The admin API's account read shows what Stripe keeps on the account (written by the gateway's webhook).</summary>
public sealed class AccountBillingReadTests : AdminApiTestBase
{
    [Test]
    public async Task GetAccount_ShowsStripesCustomerAndSubscription_AndDisabledKeys()
    {
        var id = await Client.CreateAccountIdAsync();
        // What apply_billing.lua leaves after a checkout and a later move down (the webhook's tests drive it end to end).
        await Host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().HashSetAsync(RedisKeys.Account(id),
        [
            new("stripe_customer", "cus_admin_read"),
            new("stripe_subscription", "sub_admin_read"),
            new("period_anchor", 1_764_000_000_000),
            new("disabled_keys", "key_a:0 key_b:0"),
        ]);

        using var response = await Client.GetAsync($"/admin/accounts/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var billing = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("billing");
        Assert.Multiple(() =>
        {
            Assert.That(billing.Str("stripe_customer_id"), Is.EqualTo("cus_admin_read"));
            Assert.That(billing.Str("stripe_subscription_id"), Is.EqualTo("sub_admin_read"));
            Assert.That(billing.GetProperty("billing_cycle_anchor").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000)));
            Assert.That(billing.GetProperty("period_anchor").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000)),
                "the anchor the limiter reads (period_anchor), as the admin API shows it");
            Assert.That(billing.GetProperty("grace_ends_at").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(billing.GetProperty("disabled_key_ids").EnumerateArray().Select(e => e.GetString()), Is.EqualTo((string[])["key_a", "key_b"]));
        });
    }

    [Test]
    public async Task GetAccount_WithoutBilling_ShowsEmptyBilling()
    {
        var id = await Client.CreateAccountIdAsync();

        var account = await Client.GetFromJsonAsync<JsonElement>($"/admin/accounts/{id}");
        var billing = account.GetProperty("billing");

        Assert.That(billing.GetProperty("stripe_customer_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(billing.GetProperty("period_anchor").GetDateTimeOffset(), Is.EqualTo(account.GetProperty("created_at").GetDateTimeOffset()),
            "without Stripe's anchor the periods count from the account's creation");
        Assert.That(billing.GetProperty("disabled_key_ids").GetArrayLength(), Is.Zero);
    }
}
