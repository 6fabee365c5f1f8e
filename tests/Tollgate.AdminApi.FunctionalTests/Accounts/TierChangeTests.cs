using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Accounts;
using Tollgate.Core.Billing;
using Tollgate.Core.Tiers;

namespace Tollgate.AdminApi.FunctionalTests.Accounts;

public sealed class TierChangeTests : AdminApiTestBase
{
    [Test]
    public async Task ChangeTier_Upgrade_Returns200AndTheAccountIsOnTheNewTier()
    {
        var id = await Client.CreateAccountIdAsync("free");

        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var account = await Client.GetJsonAsync($"/admin/accounts/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.Str("account_id"), Is.EqualTo(id));
            Assert.That(body.Str("previous_tier"), Is.EqualTo("free"));
            Assert.That(body.Str("tier"), Is.EqualTo("pro"));
            Assert.That(body.GetProperty("changed").GetBoolean(), Is.True);
            Assert.That(account.Str("tier"), Is.EqualTo("pro"));
        });
    }

    [Test]
    public async Task ChangeTier_DowngradeWithinTheKeyLimit_Succeeds()
    {
        var id = await Client.CreateAccountIdAsync("business");
        await Client.CreateKeyAsync(id);
        await Client.CreateKeyAsync(id);

        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "free" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetJsonAsync($"/admin/accounts/{id}")).Str("tier"), Is.EqualTo("free"));
    }

    [Test]
    public async Task ChangeTier_SameTier_ReturnsUnchanged()
    {
        var id = await Client.CreateAccountIdAsync("pro");

        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "PRO" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("changed").GetBoolean(), Is.False);
    }

    [Test]
    public async Task ChangeTier_DowngradeBelowActiveKeys_Returns409ListingTheKeysToRevoke()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        var keys = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            keys.Add(await Client.CreateKeyAsync(id, new { name = $"key {i}" }));
            await Task.Delay(2);
        }
        using (await Client.DeleteAsync($"/admin/accounts/{id}/keys/{keys[0].Str("key_id")}"))
        {
        }

        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "free" });

        var problem = await Problem.ReadAsync(response);
        var toRevoke = problem.Body.GetProperty("keys_to_revoke").EnumerateArray().ToList();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:too-many-keys-for-tier"));
            Assert.That(problem.Body.GetProperty("active_keys").GetInt32(), Is.EqualTo(3), "the revoked key does not count");
            Assert.That(problem.Body.GetProperty("allowed_keys").GetInt32(), Is.EqualTo(2));
            Assert.That(problem.Body.GetProperty("revoke_count").GetInt32(), Is.EqualTo(1));
            Assert.That(toRevoke.Select(k => k.Str("key_id")), Is.EqualTo((string[])[keys[1].Str("key_id")]), "the oldest active key");
            Assert.That(toRevoke[0].Str("name"), Is.EqualTo("key 1"));
            Assert.That(toRevoke[0].Str("prefix"), Is.EqualTo(keys[1].Str("prefix")));
            Assert.That(problem.Detail, Does.Contain("free"));
            Assert.That((await Client.GetJsonAsync($"/admin/accounts/{id}")).Str("tier"), Is.EqualTo("pro"), "nothing changed");
        });
    }

    [Test]
    public async Task ChangeTier_DowngradeAfterRevokingTheNamedKeys_Succeeds()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateKeyAsync(id);
        }
        using var refused = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "free" });
        foreach (var key in (await Problem.ReadAsync(refused)).Body.GetProperty("keys_to_revoke").EnumerateArray())
        {
            using (await Client.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
            {
            }
        }

        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "free" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("gold")]
    [TestCase("")]
    [TestCase("free; DROP")]
    public async Task ChangeTier_UnknownOrEmptyTier_Returns400NamingTier(string tier)
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier });

        var problem = await AccountEndpointsTests.AssertInvalidAsync(response, "tier");
        if (tier.Length > 0)
        {
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:unknown-tier"));
            Assert.That(problem.Detail, Does.Contain(tier));
        }
    }

    [Test]
    public async Task ChangeTier_MissingBody_Returns400NamingTier()
    {
        var id = await Client.CreateAccountIdAsync();

        using var response = await Client.PutAsync($"/admin/accounts/{id}/tier", JsonContent.Create(new { }));

        await AccountEndpointsTests.AssertInvalidAsync(response, "tier");
    }

    [TestCase("acc_aaaaaaaaaaaaaaaa")]
    [TestCase("nonsense")]
    public async Task ChangeTier_UnknownAccount_Returns404(string id)
    {
        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:account-not-found"));
    }

    [Test]
    public async Task ChangeTier_ConcurrentWithKeyCreation_NeverLeavesMoreActiveKeysThanTheTierAllows()
    {
        for (var round = 0; round < 5; round++)
        {
            var id = await Client.CreateAccountIdAsync("pro");
            await Client.CreateKeyAsync(id);

            var creates = Enumerable.Range(0, 6).Select(_ => Client.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "racer" }));
            var downgrade = Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "free" });
            var responses = await Task.WhenAll(creates.Append(downgrade));
            foreach (var response in responses)
            {
                response.Dispose();
            }

            var tier = (await Client.GetJsonAsync($"/admin/accounts/{id}")).Str("tier");
            var active = (await Client.GetJsonAsync($"/admin/accounts/{id}/keys")).GetProperty("items").EnumerateArray()
                .Count(k => k.Str("status") == "active");
            var catalog = Host.Services.GetRequiredService<TierCatalog>();
            catalog.TryGet(tier, out var current);
            Assert.That(active, Is.LessThanOrEqualTo(current!.MaxKeys), $"round {round}: {active} active keys on {tier}");
        }
    }

    [Test]
    public async Task ChangeTier_BillingDeclines_Returns402AndKeepsTheTier()
    {
        await using var host = new AdminApiHost(configureServices: services =>
            services.AddSingleton<IBillingProvider>(new DecliningBilling("Card expired.")));
        using var client = host.CreateClient();
        var id = await client.CreateAccountIdAsync("free");

        using var response = await client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" });

        var problem = await Problem.ReadAsync(response);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:payment-declined"));
            Assert.That(problem.Detail, Is.EqualTo("Card expired."));
            Assert.That((await client.GetJsonAsync($"/admin/accounts/{id}")).Str("tier"), Is.EqualTo("free"));
        });
    }

    [Test]
    public async Task ChangeTier_Changed_IsBilledThroughTheProvider()
    {
        var billing = new RecordingBilling();
        await using var host = new AdminApiHost(configureServices: services => services.AddSingleton<IBillingProvider>(billing));
        using var client = host.CreateClient();
        var id = await client.CreateAccountIdAsync("free");

        using var response = await client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "business" });

        var audit = (await client.GetJsonAsync($"/admin/audit?account_id={id}&count=1")).GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(billing.Charges, Is.EqualTo(new[] { (id, "free", "business") }));
            Assert.That(audit.GetProperty("details").Str("billing_reference"), Is.EqualTo("charge-1"));
        });
    }

    private sealed class DecliningBilling(string reason) : IBillingProvider
    {
        public Task<BillingResult> ChargeForTierChangeAsync(AccountRecord account, Tier currentTier, Tier newTier, CancellationToken cancellationToken) =>
            Task.FromResult(BillingResult.Decline(reason));
    }

    private sealed class RecordingBilling : IBillingProvider
    {
        public List<(string, string, string)> Charges { get; } = [];

        public Task<BillingResult> ChargeForTierChangeAsync(AccountRecord account, Tier currentTier, Tier newTier, CancellationToken cancellationToken)
        {
            Charges.Add((account.Id, currentTier.Name, newTier.Name));
            return Task.FromResult(BillingResult.Approve($"charge-{Charges.Count}"));
        }
    }
}
