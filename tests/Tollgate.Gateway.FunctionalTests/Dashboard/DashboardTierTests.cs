using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Core.Accounts;
using Tollgate.Core.Billing;
using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>Plans through the dashboard: the same rules and billing seam as the admin API (TierChangeService).</summary>
public sealed class DashboardTierTests : DashboardTestBase
{
    [Test]
    public async Task Tiers_ListsEveryTierCheapestFirst_WithTheCurrentOneMarked()
    {
        var (browser, _) = await SignedInAsync("pro");
        using (browser)
        {
            var list = await browser.GetJsonAsync("/dashboard/api/tiers");
            var tiers = list.GetProperty("tiers").EnumerateArray().ToList();

            Assert.Multiple(() =>
            {
                Assert.That(list.Str("current"), Is.EqualTo("pro"));
                Assert.That(tiers.Select(t => t.Str("name")), Is.EqualTo((string[])["free", "pro", "business", "enterprise"]));
                Assert.That(tiers.Select(t => t.Str("move")), Is.EqualTo((string[])["downgrade", "current", "upgrade", "upgrade"]));
                Assert.That(tiers[1].GetProperty("limits").GetProperty("per_hour").GetInt64(), Is.EqualTo(600));
                Assert.That(tiers[1].GetProperty("price_monthly").GetDecimal(), Is.EqualTo(29m));
                Assert.That(tiers[1].GetProperty("max_keys").GetInt32(), Is.EqualTo(10));
                Assert.That(tiers[1].Strings("features"), Does.Contain("forecast-hourly"));
            });
        }
    }

    [Test]
    public async Task ChangeTier_Upgrade_MovesTheAccountAndAuditsIt()
    {
        var (browser, account) = await SignedInAsync("free");
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "pro" });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var stored = await Operator.TierOfAsync(account.Id);
            var usage = await browser.GetJsonAsync("/dashboard/api/usage");
            var entry = await Operator.LatestAuditAsync(account.Id);

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.GetRawText());
                Assert.That(body.GetProperty("changed").GetBoolean(), Is.True);
                Assert.That(body.Str("tier"), Is.EqualTo("pro"));
                Assert.That(stored, Is.EqualTo("pro"));
                Assert.That(usage.GetProperty("windows")[0].GetProperty("limit").GetInt64(), Is.EqualTo(600));
                Assert.That(entry.Action, Is.EqualTo("account.tier_changed"));
                Assert.That(entry.Actor, Is.EqualTo(account.KeyId));
                Assert.That(entry.Details["billing_reference"], Is.EqualTo(ImmediateApprovalBillingProvider.Reference));
                Assert.That(entry.Details["via"], Is.EqualTo("dashboard"));
            });
        }
    }

    [Test]
    public async Task ChangeTier_DowngradeBelowTheActiveKeys_Is409NamingKeysToRevoke()
    {
        var (browser, account) = await SignedInAsync("pro");
        using (browser)
        {
            await Operator.CreateKeyAsync(account.Id, new NewApiKey("two"));
            await Operator.CreateKeyAsync(account.Id, new NewApiKey("three"));

            using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "free" });
            var problem = await Problem.ReadAsync(response);
            var stored = await Operator.TierOfAsync(account.Id);

            Assert.Multiple(() =>
            {
                Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:too-many-keys-for-tier"));
                Assert.That(problem.Body.GetProperty("revoke_count").GetInt32(), Is.EqualTo(1));
                Assert.That(problem.Body.GetProperty("keys_to_revoke")[0].Str("key_id"), Is.EqualTo(account.KeyId), "the oldest is suggested");
                Assert.That(problem.Detail, Does.Contain("laptop"));
                Assert.That(stored, Is.EqualTo("pro"));
            });
        }
    }

    [Test]
    public async Task ChangeTier_UnknownTier_Is400()
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "platinum" });
            var problem = await Problem.ReadAsync(response);

            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:unknown-tier"));
        }
    }

    [Test]
    public async Task ChangeTier_WithoutCsrfToken_Is403AndChangesNothing()
    {
        var (browser, account) = await SignedInAsync("free");
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "enterprise" }, withCsrf: false);
            var stored = await Operator.TierOfAsync(account.Id);

            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
                Assert.That(stored, Is.EqualTo("free"));
            });
        }
    }

    [Test]
    public async Task ChangeTier_BillingDeclines_Is402AndChangesNothing()
    {
        await using var host = NewHost(configureServices: services =>
            services.AddSingleton<IBillingProvider>(new DecliningBilling()));
        var setUp = new AccountSetUp(host.Services);
        var accountId = await setUp.CreateAccountIdAsync("free");
        var key = await setUp.CreateKeyAsync(accountId);
        using var browser = new DashboardClient(host.CreateClient());
        await browser.SignInOkAsync(key.RawKey);

        using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "pro" });
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(problem.Status, Is.EqualTo(402));
            Assert.That(problem.Detail, Is.EqualTo(DecliningBilling.Reason));
        });
    }

    private sealed class DecliningBilling : IBillingProvider
    {
        public const string Reason = "The card on file was declined.";

        public Task<BillingResult> ChargeForTierChangeAsync(AccountRecord account, Tier currentTier, Tier newTier, CancellationToken cancellationToken) =>
            Task.FromResult(BillingResult.Decline(Reason));
    }
}
