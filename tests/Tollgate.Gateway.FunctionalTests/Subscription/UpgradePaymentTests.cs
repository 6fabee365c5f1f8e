using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Subscription;

/// <summary>
/// The upgrade endpoint with no payment provider: <c>Billing:Provider</c> left unset outside Development, as a
/// production deployment that has not configured payments runs.
/// </summary>
public sealed class UpgradePaymentTests : GatewayTestBase
{
    [Test]
    public async Task Upgrade_ToAPricedTierWithoutPayment_Is402SayingHowAndTheTierStays()
    {
        // Observed: with no payment configured, a free key moved its account to Enterprise (200).
        var consumer = await Gateway.CreateConsumerAsync("free");

        using var response = await Client.SendAsync(UpgradeEndpointTests.Post(consumer, "/api/v3/subscription/upgrade?tier=enterprise"));

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:payment-required"));
            Assert.That(problem.Detail, Does.Contain("Enterprise").And.Contain("admin"));
            Assert.That(await TierOfAsync(consumer), Is.EqualTo("free"));
        });
    }

    [Test]
    public async Task Downgrade_WithoutPayment_StillWorks()
    {
        var consumer = await Gateway.CreateConsumerAsync("business");

        using var response = await Client.SendAsync(UpgradeEndpointTests.Post(consumer, "/api/v3/subscription/upgrade?tier=pro"));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current_tier").GetProperty("name").GetString(), Is.EqualTo("pro"));
            Assert.That(await TierOfAsync(consumer), Is.EqualTo("pro"));
        });
    }

    [Test]
    public async Task MoveToTheFreeTier_WithoutPayment_StillWorks()
    {
        var consumer = await Gateway.CreateConsumerAsync("enterprise");

        using var response = await Client.SendAsync(UpgradeEndpointTests.Post(consumer, "/api/v3/subscription/upgrade?tier=free"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TierOfAsync(consumer), Is.EqualTo("free"));
    }

    private async Task<string?> TierOfAsync(TestConsumer consumer) =>
        (await Gateway.Services.GetRequiredService<IAccountStore>().GetAsync(consumer.Account.Id, CancellationToken.None))?.Tier;
}
