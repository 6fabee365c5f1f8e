using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Testing;
using Tollgate.Testing.Stripe;

namespace Tollgate.Core.IntegrationTests.Billing;

/// <summary><see cref="TierChangeService"/> with <c>Billing:Provider=Stripe</c>, the real Stripe.net client talking to the local stand-in.</summary>
public sealed class StripeTierChangeTests : RedisTestBase
{
    private StripeStandIn _stripe = null!;
    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public void StartStripe() => _stripe = new StripeStandIn();

    [OneTimeTearDown]
    public ValueTask StopStripeAsync() => _stripe.DisposeAsync();

    [SetUp]
    public void BuildStripeServices() => _services = CoreServices.Build(Redis, Time, new Dictionary<string, string?>
    {
        ["Billing:Provider"] = "Stripe",
        ["Billing:Stripe:SecretKey"] = StripeStandIn.SecretKey,
        ["Billing:Stripe:WebhookSecret"] = StripeEvents.WebhookSecret,
        ["Billing:Stripe:ApiBase"] = _stripe.Address.ToString(),
        ["Billing:Stripe:Prices:pro"] = "price_pro",
        ["Billing:Stripe:Prices:business"] = "price_business",
        ["Billing:Stripe:Prices:enterprise"] = "price_enterprise",
    });

    [TearDown]
    public ValueTask DisposeStripeServicesAsync() => _services.DisposeAsync();

    [Test]
    public async Task ConsumerUpgrade_OpensACheckout_AndLeavesTheTier()
    {
        var account = await AccountAsync("free");

        var result = await Changes.ChangeTierAsync(account.Id, "business", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.CheckoutRequired>());
        Assert.That(_stripe.Sessions.Count(s => s["client_reference_id"] == account.Id && s["line_items[0][price]"] == "price_business"), Is.EqualTo(1));
        Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("free"));
    }

    [Test]
    public async Task AdminUpgrade_IsNotChargedThroughCheckout_AndChangesTheTier()
    {
        var account = await AccountAsync("free");

        var result = await Changes.ChangeTierAsync(account.Id, "pro", TierChangeOrigin.Admin, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        Assert.That(_stripe.Sessions.Any(s => s.GetValueOrDefault("client_reference_id") == account.Id), Is.False);
        Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("pro"));
    }

    [Test]
    public async Task ConsumerMoveToFree_WithASubscription_CancelsItAtStripe_ThenChangesTheTier()
    {
        var account = await AccountAsync("free");
        var subscription = _stripe.AddSubscription("cus_free", "price_pro", Start, new Dictionary<string, string> { ["account_id"] = account.Id });
        await _services.GetRequiredService<AccountBillingWriter>().ApplyAsync(account.Id,
            new BillingChange { EventId = "evt_checkout", Tier = "pro", CustomerId = "cus_free", SubscriptionId = subscription.Id }, CancellationToken.None);

        var result = await Changes.ChangeTierAsync(account.Id, "free", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        Assert.That(_stripe.Subscription(subscription.Id).Status, Is.EqualTo("canceled"));
        Assert.That(_stripe.Cancellations.Single(c => c.Subscription == subscription.Id).Parameters.GetValueOrDefault("prorate"), Is.EqualTo("true"),
            "cancelled at once, the unused rest of the period credited");
        Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("free"));
    }

    [Test]
    public async Task ConsumerMove_WithASubscription_WhileStripeIsDown_ThrowsBillingUnavailable_AndLeavesTheTier()
    {
        var account = await AccountAsync("free");
        var subscription = _stripe.AddSubscription("cus_outage", "price_business", Start, new Dictionary<string, string> { ["account_id"] = account.Id });
        await _services.GetRequiredService<AccountBillingWriter>().ApplyAsync(account.Id,
            new BillingChange { EventId = "evt_checkout_outage", Tier = "business", CustomerId = "cus_outage", SubscriptionId = subscription.Id }, CancellationToken.None);
        _stripe.Unavailable = true;
        try
        {
            Assert.That(async () => await Changes.ChangeTierAsync(account.Id, "pro", TierChangeOrigin.Consumer, CancellationToken.None),
                Throws.InstanceOf<Tollgate.Core.Billing.BillingUnavailableException>(), "answered 503 to retry, not 402 payment-declined");
        }
        finally
        {
            _stripe.Unavailable = false;
        }
        Assert.That(_stripe.Subscription(subscription.Id).PriceId, Is.EqualTo("price_business"));
        Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("business"));
    }

    [Test]
    public async Task ConsumerUpgrade_WithASubscription_IsInvoicedAtOnceOnIt_AndAppliedOnlyOncePaid()
    {
        var account = await AccountAsync("free");
        var subscription = _stripe.AddSubscription("cus_up", "price_pro", Start, new Dictionary<string, string> { ["account_id"] = account.Id });
        await _services.GetRequiredService<AccountBillingWriter>().ApplyAsync(account.Id,
            new BillingChange { EventId = "evt_checkout_up", Tier = "pro", CustomerId = "cus_up", SubscriptionId = subscription.Id }, CancellationToken.None);

        var result = await Changes.ChangeTierAsync(account.Id, "business", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        var (_, form) = _stripe.Updates.Single(u => u.Subscription == subscription.Id);
        Assert.Multiple(() =>
        {
            Assert.That(form["items[0][price]"], Is.EqualTo("price_business"));
            Assert.That(form["proration_behavior"], Is.EqualTo("always_invoice"));
            Assert.That(form["payment_behavior"], Is.EqualTo("pending_if_incomplete"));
            Assert.That(_stripe.Sessions.Any(s => s.GetValueOrDefault("client_reference_id") == account.Id), Is.False, "no second subscription");
        });
    }

    [Test]
    public async Task ConsumerUpgrade_WithASubscription_WhoseCardIsDeclined_IsDeclinedAndLeavesTheTier()
    {
        var account = await AccountAsync("free");
        var subscription = _stripe.AddSubscription("cus_declined", "price_pro", Start, new Dictionary<string, string> { ["account_id"] = account.Id });
        await _services.GetRequiredService<AccountBillingWriter>().ApplyAsync(account.Id,
            new BillingChange { EventId = "evt_checkout_declined", Tier = "pro", CustomerId = "cus_declined", SubscriptionId = subscription.Id }, CancellationToken.None);
        _stripe.DeclineCard(subscription.Id);

        var result = await Changes.ChangeTierAsync(account.Id, "enterprise", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.PaymentDeclined>());
        Assert.That(_stripe.Subscription(subscription.Id).PriceId, Is.EqualTo("price_pro"));
        Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("pro"));
    }

    private TierChangeService Changes => _services.GetRequiredService<TierChangeService>();

    private IAccountStore Accounts => _services.GetRequiredService<IAccountStore>();

    private async Task<AccountRecord> AccountAsync(string tier) =>
        (await Accounts.CreateAsync($"{Guid.NewGuid():N}@example.test", tier, CancellationToken.None))!;
}
