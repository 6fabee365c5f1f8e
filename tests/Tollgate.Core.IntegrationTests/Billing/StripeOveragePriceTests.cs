using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Accounts;
using Tollgate.Core.Billing.Stripe;
using Tollgate.Testing;
using Tollgate.Testing.Stripe;

namespace Tollgate.Core.IntegrationTests.Billing;

/// <summary>
/// The metered overage price of a tier that bills overage (<c>Billing:Stripe:OveragePrices</c>) on the subscription, with the real
/// Stripe.net client and the local stand-in (which, as Stripe, refuses a quantity for a metered price and an item deletion in a pending
/// update): Checkout adds it, a plan change swaps, adds or removes it with the tier, and the webhook finds the tier's item among them.
/// Here pro and enterprise bill overage, business blocks.
/// </summary>
public sealed class StripeOveragePriceTests : RedisTestBase
{
    private const string ProOverage = "price_pro_overage";
    private const string EnterpriseOverage = "price_enterprise_overage";

    private StripeStandIn _stripe = null!;
    private ServiceProvider _services = null!;
    private CapturedLogs _logs = null!;

    [OneTimeSetUp]
    public void StartStripe()
    {
        _stripe = new StripeStandIn();
        _stripe.DefineMeteredPrice(ProOverage);
        _stripe.DefineMeteredPrice(EnterpriseOverage);
    }

    [OneTimeTearDown]
    public ValueTask StopStripeAsync() => _stripe.DisposeAsync();

    [SetUp]
    public void BuildStripeServices()
    {
        _logs = new CapturedLogs();
        _services = CoreServices.Build(Redis, Time, new Dictionary<string, string?>
        {
            ["Billing:Provider"] = "Stripe",
            ["Billing:Stripe:SecretKey"] = StripeStandIn.SecretKey,
            ["Billing:Stripe:WebhookSecret"] = StripeEvents.WebhookSecret,
            ["Billing:Stripe:ApiBase"] = _stripe.Address.ToString(),
            ["Billing:Stripe:Prices:pro"] = "price_pro",
            ["Billing:Stripe:Prices:business"] = "price_business",
            ["Billing:Stripe:Prices:enterprise"] = "price_enterprise",
            ["Billing:Stripe:OveragePrices:pro"] = ProOverage,
            ["Billing:Stripe:OveragePrices:enterprise"] = EnterpriseOverage,
            ["Tiers:pro:Overage"] = "Bill",
            ["Tiers:pro:UnitPrice"] = "2.50",
            ["Tiers:enterprise:Overage"] = "Bill",
            ["Tiers:enterprise:UnitPrice"] = "1.00",
        }, services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    [TearDown]
    public async Task DisposeStripeServicesAsync()
    {
        await _services.DisposeAsync();
        _logs.Dispose();
    }

    [Test]
    public async Task Checkout_ForATierThatBillsOverage_CarriesItsMeteredPriceAsASecondLineItem_WithoutAQuantity()
    {
        var account = await AccountAsync("free");

        var result = await Changes.ChangeTierAsync(account.Id, "pro", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.CheckoutRequired>());
        var session = _stripe.Sessions.Single(s => s["client_reference_id"] == account.Id);
        Assert.Multiple(() =>
        {
            Assert.That(session["line_items[0][price]"], Is.EqualTo("price_pro"));
            Assert.That(session["line_items[0][quantity]"], Is.EqualTo("1"));
            Assert.That(session["line_items[1][price]"], Is.EqualTo(ProOverage));
            Assert.That(session.ContainsKey("line_items[1][quantity]"), Is.False, "Stripe refuses a quantity for a metered price");
        });
    }

    [Test]
    public async Task Checkout_ForATierThatBlocksOverage_CarriesTheTierPriceOnly()
    {
        var account = await AccountAsync("free");

        await Changes.ChangeTierAsync(account.Id, "business", TierChangeOrigin.Consumer, CancellationToken.None);

        var session = _stripe.Sessions.Single(s => s["client_reference_id"] == account.Id);
        Assert.That(session.Keys.Where(k => k.StartsWith("line_items[", StringComparison.Ordinal) && k.EndsWith("[price]", StringComparison.Ordinal)),
            Is.EqualTo((string[])["line_items[0][price]"]));
    }

    [Test]
    public async Task Upgrade_BetweenTiersThatBillOverage_SwapsBothPricesInOnePaidUpdate_WhateverTheItemOrder()
    {
        // Stripe lists the overage item first here: the tier's item is found by its price, not its place.
        var (account, subscription) = await SubscribedAsync("pro", [ProOverage, "price_pro"]);

        var result = await Changes.ChangeTierAsync(account.Id, "enterprise", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        var (_, form) = _stripe.Updates.Single(u => u.Subscription == subscription.Id);
        Assert.Multiple(() =>
        {
            Assert.That(form["items[0][id]"], Is.EqualTo(subscription.Items[1].Id));
            Assert.That(form["items[0][price]"], Is.EqualTo("price_enterprise"));
            Assert.That(form["items[1][id]"], Is.EqualTo(subscription.Items[0].Id));
            Assert.That(form["items[1][price]"], Is.EqualTo(EnterpriseOverage));
            Assert.That(form["payment_behavior"], Is.EqualTo("pending_if_incomplete"));
            Assert.That(_stripe.Subscription(subscription.Id).PriceIds, Is.EquivalentTo((string[])["price_enterprise", EnterpriseOverage]));
        });
    }

    [Test]
    public async Task Upgrade_ToATierThatBlocksOverage_RemovesTheOverageItemOnlyOnceTheMoveIsPaid()
    {
        var (account, subscription) = await SubscribedAsync("pro", ["price_pro", ProOverage]);

        var result = await Changes.ChangeTierAsync(account.Id, "business", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        var updates = _stripe.Updates.Where(u => u.Subscription == subscription.Id).Select(u => u.Form).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(updates, Has.Count.EqualTo(2), "the paid price change, then the removal (a pending update cannot delete)");
            Assert.That(updates[0]["items[0][price]"], Is.EqualTo("price_business"));
            Assert.That(updates[0].ContainsKey("items[1][id]"), Is.False);
            Assert.That(updates[1]["items[0][id]"], Is.EqualTo(subscription.Items[1].Id));
            Assert.That(updates[1]["items[0][deleted]"], Is.EqualTo("true"));
            Assert.That(_stripe.Subscription(subscription.Id).PriceIds, Is.EqualTo((string[])["price_business"]));
        });
    }

    [Test]
    public async Task Upgrade_WhoseCardIsDeclined_LeavesBothItemsAndTheTier()
    {
        var (account, subscription) = await SubscribedAsync("pro", ["price_pro", ProOverage]);
        _stripe.DeclineCard(subscription.Id);

        var result = await Changes.ChangeTierAsync(account.Id, "business", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.PaymentDeclined>());
        Assert.Multiple(async () =>
        {
            Assert.That(_stripe.Updates.Count(u => u.Subscription == subscription.Id), Is.EqualTo(1), "no removal without the payment");
            Assert.That(_stripe.Subscription(subscription.Id).PriceIds, Is.EqualTo((string[])["price_pro", ProOverage]));
            Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("pro"));
        });
    }

    [Test]
    public async Task Upgrade_FromATierThatBlocks_ToOneThatBills_AddsTheOverageItemInThePaidUpdate()
    {
        var (account, subscription) = await SubscribedAsync("business", ["price_business"]);

        await Changes.ChangeTierAsync(account.Id, "enterprise", TierChangeOrigin.Consumer, CancellationToken.None);

        var (_, form) = _stripe.Updates.Single(u => u.Subscription == subscription.Id);
        Assert.Multiple(() =>
        {
            Assert.That(form["items[1][price]"], Is.EqualTo(EnterpriseOverage));
            Assert.That(form.ContainsKey("items[1][id]"), Is.False, "a new item");
            Assert.That(form.ContainsKey("items[1][quantity]"), Is.False);
            Assert.That(_stripe.Subscription(subscription.Id).PriceIds, Is.EqualTo((string[])["price_enterprise", EnterpriseOverage]));
        });
    }

    [Test]
    public async Task Downgrade_ToATierThatBills_AddsItsOverageItem()
    {
        var (account, subscription) = await SubscribedAsync("business", ["price_business"]);

        var result = await Changes.ChangeTierAsync(account.Id, "pro", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        var (_, form) = _stripe.Updates.Single(u => u.Subscription == subscription.Id);
        Assert.Multiple(() =>
        {
            Assert.That(form["proration_behavior"], Is.EqualTo("create_prorations"));
            Assert.That(form["items[1][price]"], Is.EqualTo(ProOverage));
            Assert.That(_stripe.Subscription(subscription.Id).PriceIds, Is.EqualTo((string[])["price_pro", ProOverage]));
        });
    }

    [Test]
    public async Task Downgrade_ToATierThatBlocks_RemovesTheOverageItemInTheSameUpdate()
    {
        var (account, subscription) = await SubscribedAsync("enterprise", ["price_enterprise", EnterpriseOverage]);

        var result = await Changes.ChangeTierAsync(account.Id, "business", TierChangeOrigin.Consumer, CancellationToken.None);

        Assert.That(result, Is.TypeOf<TierChangeResult.Changed>());
        var (_, form) = _stripe.Updates.Single(u => u.Subscription == subscription.Id);
        Assert.Multiple(() =>
        {
            Assert.That(form["items[1][id]"], Is.EqualTo(subscription.Items[1].Id));
            Assert.That(form["items[1][deleted]"], Is.EqualTo("true"));
            Assert.That(_stripe.Subscription(subscription.Id).PriceIds, Is.EqualTo((string[])["price_business"]));
        });
    }

    [Test]
    public async Task SubscriptionUpdated_ListingTheOverageItemFirst_MovesTheAccountToTheTierOfTheOtherItem()
    {
        var (account, subscription) = await SubscribedAsync("pro", [EnterpriseOverage, "price_enterprise"]);

        var result = await DeliverAsync(StripeEvents.Event(StripeEvents.NewId(), "customer.subscription.updated", Time.GetUtcNow(), subscription.ToJson()));

        Assert.That(result.Outcome, Is.EqualTo(StripeWebhookOutcome.Applied));
        Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("enterprise"));
    }

    [TestCase(new[] { "price_unknown", ProOverage }, 0)]
    [TestCase(new[] { "price_pro", "price_business" }, 2)]
    public async Task SubscriptionUpdated_WithoutExactlyOneTierPrice_IsAnswered2xx_LeavesTheTier_AndWarns(string[] prices, int tiers)
    {
        var (account, subscription) = await SubscribedAsync("pro", prices);

        var result = await DeliverAsync(StripeEvents.Event(StripeEvents.NewId(), "customer.subscription.updated", Time.GetUtcNow(), subscription.ToJson()));

        Assert.Multiple(async () =>
        {
            Assert.That(result.Outcome, Is.Not.EqualTo(StripeWebhookOutcome.InvalidSignature), "answered 2xx");
            Assert.That((await Accounts.GetAsync(account.Id, CancellationToken.None))!.Tier, Is.EqualTo("pro"));
            Assert.That(_logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(subscription.Id, StringComparison.Ordinal)),
                Has.One.Contains($"name {tiers} tiers"));
        });
    }

    private TierChangeService Changes => _services.GetRequiredService<TierChangeService>();

    private IAccountStore Accounts => _services.GetRequiredService<IAccountStore>();

    private Task<StripeWebhookResult> DeliverAsync(string payload) =>
        _services.GetRequiredService<IStripeWebhook>().HandleAsync(payload, StripeEvents.Sign(payload, Time.GetUtcNow()), CancellationToken.None);

    private async Task<AccountRecord> AccountAsync(string tier) =>
        (await Accounts.CreateAsync($"{Guid.NewGuid():N}@example.test", tier, CancellationToken.None))!;

    /// <summary>An account on <paramref name="tier"/> whose Stripe subscription carries <paramref name="prices"/>, in that order.</summary>
    private async Task<(AccountRecord, StandInSubscription)> SubscribedAsync(string tier, string[] prices)
    {
        var account = await AccountAsync("free");
        var customer = $"cus_{Guid.NewGuid():N}"[..18];
        var subscription = _stripe.AddSubscription(customer, prices, Start, new Dictionary<string, string> { ["account_id"] = account.Id });
        await _services.GetRequiredService<AccountBillingWriter>().ApplyAsync(account.Id,
            new BillingChange { EventId = $"evt_{Guid.NewGuid():N}", Tier = tier, CustomerId = customer, SubscriptionId = subscription.Id, EventCreated = Start.AddMinutes(-1) },
            CancellationToken.None);
        return (account, subscription);
    }
}
