using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Subscription;

public sealed class UpgradeEndpointTests : GatewayTestBase
{
    // These tests are about the tier change itself; payment (Billing:Provider None) is in UpgradePaymentTests.
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Billing:Provider"] = "Simulated" };

    [Test]
    public async Task Upgrade_TakesEffectOnTheVeryNextRequest()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using (var before = await Client.SendAsync(consumer.Get("/api/v3/weather/forecast/hourly?city=Oslo")))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        using var upgrade = await Client.SendAsync(Post(consumer, "/api/v3/subscription/upgrade?tier=pro"));
        var body = await upgrade.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(upgrade.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(body.GetProperty("previous_tier").GetString(), Is.EqualTo("free"));
            Assert.That(body.GetProperty("current_tier").GetProperty("name").GetString(), Is.EqualTo("pro"));
            Assert.That(body.GetProperty("current_tier").GetProperty("price_monthly").GetDecimal(), Is.EqualTo(29m));
        });

        using var after = await Client.SendAsync(consumer.Get("/api/v3/weather/forecast/hourly?city=Oslo"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("600"));

        var audit = await Gateway.Services.GetRequiredService<IAuditLog>().ReadAsync(10, consumer.Account.Id, CancellationToken.None);
        Assert.That(audit.Select(e => (e.Actor, e.Action)), Does.Contain((consumer.Key.KeyId, AuditActions.TierChanged)));
    }

    [Test]
    public async Task Downgrade_WithMoreKeysThanTheTierAllows_Returns409NamingKeys()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro");
        await Gateway.Services.IssueKeyAsync(consumer.Account.Id, new NewApiKey("second"));
        await Gateway.Services.IssueKeyAsync(consumer.Account.Id, new NewApiKey("third"));

        using var response = await Client.SendAsync(Post(consumer, "/api/v3/subscription/upgrade?tier=free"));
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:too-many-keys-for-tier"));
            Assert.That(problem.Body.GetProperty("allowed_keys").GetInt32(), Is.EqualTo(2));
            Assert.That(problem.Body.GetProperty("keys_to_revoke").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [TestCase("", "invalid-parameter")]
    [TestCase("?tier=", "invalid-parameter")]
    [TestCase("?tier=platinum", "unknown-tier")]
    public async Task Upgrade_WithoutAKnownTier_Returns400(string query, string type)
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(Post(consumer, "/api/v3/subscription/upgrade" + query));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:" + type));
    }

    [Test]
    public async Task Upgrade_WithAFeatureScopedKey_Is403AndTheTierStays()
    {
        // Observed: a key scoped to 'current' moved its account to Enterprise.
        var consumer = await Gateway.CreateConsumerAsync("free", new NewApiKey("widget", Scopes: ["current"]));

        using var response = await Client.SendAsync(Post(consumer, "/api/v3/subscription/upgrade?tier=enterprise"));

        var problem = await Problem.ReadAsync(response);
        var account = await Gateway.Services.GetRequiredService<Tollgate.Core.Accounts.IAccountStore>().GetAsync(consumer.Account.Id, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:key-cannot-manage-account"));
            Assert.That(problem.Detail, Does.Contain("account"));
            Assert.That(account!.Tier, Is.EqualTo("free"));
        });
    }

    [Test]
    public async Task Upgrade_WithAnAccountScopedKey_Changes()
    {
        var consumer = await Gateway.CreateConsumerAsync("free", new NewApiKey("billing", Scopes: ["account"]));

        using var response = await Client.SendAsync(Post(consumer, "/api/v3/subscription/upgrade?tier=pro"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current_tier").GetProperty("name").GetString(), Is.EqualTo("pro"));
    }

    [Test]
    public async Task Upgrade_WithoutKey_Returns401()
    {
        using var response = await Client.PostAsync("/api/v3/subscription/upgrade?tier=pro", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    internal static HttpRequestMessage Post(TestConsumer consumer, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-API-Key", consumer.RawKey);
        return request;
    }
}
