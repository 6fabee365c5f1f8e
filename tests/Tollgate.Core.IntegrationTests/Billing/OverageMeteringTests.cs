using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Billing.Metering;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;
using Tollgate.Testing;
using Tollgate.Testing.Stripe;

namespace Tollgate.Core.IntegrationTests.Billing;

/// <summary>
/// Overage metering on a real Redis with the real Stripe.net client and the local Stripe stand-in: units the limiter left in
/// <c>tg:{acct}:overage</c> <c>pending</c> reach Stripe as meter events, each unit once, across a killed worker and a Stripe outage.
/// (Until the limiter script writes <c>pending</c>, the tests write it as it will: <c>HINCRBY</c>.)
/// </summary>
public sealed class OverageMeteringTests : RedisTestBase
{
    private StripeStandIn _stripe = null!;

    [OneTimeSetUp]
    public void StartStripe() => _stripe = new StripeStandIn();

    [OneTimeTearDown]
    public ValueTask StopStripeAsync() => _stripe.DisposeAsync();

    [TearDown]
    public void EndOutage()
    {
        _stripe.Unavailable = false;
        _stripe.ReleaseMeterEvents();
    }

    [Test]
    public async Task PendingUnits_GoToStripeAsOneMeterEvent_AndAreNotSentAgain()
    {
        await using var worker = Worker();
        var (account, customer) = await BillableAccountAsync(worker);
        await CountOverageAsync(account, 1_500);

        await Reporter(worker).ReportAllAsync(CancellationToken.None);
        await Reporter(worker).ReportAllAsync(CancellationToken.None);
        await CountOverageAsync(account, 7);
        await Reporter(worker).ReportAllAsync(CancellationToken.None);

        var events = EventsOf(customer);
        Assert.Multiple(async () =>
        {
            Assert.That(events.Select(e => e.Value), Is.EqualTo((long[])[1_500, 7]));
            Assert.That(events.Select(e => e.EventName), Is.All.EqualTo("tollgate_overage"));
            Assert.That(events.Select(e => e.Identifier).Distinct().Count(), Is.EqualTo(2));
            var left = await Db.HashGetAllAsync(RedisKeys.AccountOverage(account));
            Assert.That(left.Select(e => e.Name.ToString()), Is.EquivalentTo((string[])["period_start", "period_reported"]), "nothing pending, no batch open");
            var read = await worker.GetRequiredService<IAccountStore>().GetAsync(account, CancellationToken.None);
            var soFar = await Overage(worker).ReadAsync(read!, worker.GetRequiredService<TierCatalog>().TryGet("pro", out var pro) ? pro : null!, CancellationToken.None);
            Assert.That(soFar!.Units, Is.EqualTo(1_507), "reported in this period");
            Assert.That(soFar.Amount, Is.EqualTo(3.77m), "1,507 at 2.50 per 1,000");
        });
    }

    [Test]
    public async Task WorkerKilledBetweenSendAndClear_TheRestartedOneResendsTheSameBatch_AndEachUnitIsReportedOnce()
    {
        var first = Worker();
        var (account, customer) = await BillableAccountAsync(first);
        await CountOverageAsync(account, 1_000);
        _stripe.HoldMeterEvents();

        using var kill = new CancellationTokenSource();
        var pass = Reporter(first).ReportAllAsync(kill.Token);
        await WaitUntilAsync(() => EventsOf(customer).Count == 1);
        await CountOverageAsync(account, 50); // admitted while the batch is on its way: belongs to the next one
        await kill.CancelAsync();             // Stripe has the event; the worker dies before it hears so and closes the batch
        Assert.That(async () => await pass, Throws.InstanceOf<OperationCanceledException>());
        await first.DisposeAsync();
        _stripe.ReleaseMeterEvents();

        await using var restarted = Worker();
        await Reporter(restarted).ReportAllAsync(CancellationToken.None);
        await Reporter(restarted).ReportAllAsync(CancellationToken.None);

        var events = EventsOf(customer);
        Assert.Multiple(async () =>
        {
            Assert.That(events.Select(e => e.Value), Is.EqualTo((long[])[1_000, 50]), "the open batch again under its identifier, then the rest");
            Assert.That(_stripe.MeterEventSends(events[0].Identifier), Is.EqualTo(2), "sent twice, counted once");
            Assert.That(await Db.HashExistsAsync(RedisKeys.AccountOverage(account), "batch_id"), Is.False);
            Assert.That(await Db.HashExistsAsync(RedisKeys.AccountOverage(account), "pending"), Is.False);
        });
    }

    [Test]
    public async Task StripeErroring_KeepsTheUnits_AndOnceItRecoversReportsThemOnce()
    {
        await using var worker = Worker();
        var (account, customer) = await BillableAccountAsync(worker);
        await CountOverageAsync(account, 300);
        _stripe.Unavailable = true;

        var duringOutage = await Reporter(worker).ReportAllAsync(CancellationToken.None);
        await CountOverageAsync(account, 20);
        Assert.Multiple(async () =>
        {
            Assert.That(duringOutage, Is.Zero);
            Assert.That(EventsOf(customer), Is.Empty);
            Assert.That((long)await Db.HashGetAsync(RedisKeys.AccountOverage(account), "batch_units"), Is.EqualTo(300), "sealed, kept");
        });

        _stripe.Unavailable = false;
        await Reporter(worker).ReportAllAsync(CancellationToken.None);
        await Reporter(worker).ReportAllAsync(CancellationToken.None);

        Assert.That(EventsOf(customer).Select(e => e.Value), Is.EqualTo((long[])[300, 20]));
    }

    [Test]
    public async Task AccountWithoutAStripeCustomer_KeepsItsUnitsPending()
    {
        await using var worker = Worker();
        var account = (await worker.GetRequiredService<IAccountStore>().CreateAsync($"{Guid.NewGuid():N}@example.test", "pro", CancellationToken.None))!;
        await CountOverageAsync(account.Id, 40);

        await Reporter(worker).ReportAllAsync(CancellationToken.None);

        Assert.That((long)await Db.HashGetAsync(RedisKeys.AccountOverage(account.Id), "pending"), Is.EqualTo(40));
    }

    private ServiceProvider Worker() => CoreServices.Build(Redis, Time, StripeConfiguration());

    private Dictionary<string, string?> StripeConfiguration() => new()
    {
        ["Billing:Provider"] = "Stripe",
        ["Billing:Stripe:SecretKey"] = StripeStandIn.SecretKey,
        ["Billing:Stripe:WebhookSecret"] = StripeEvents.WebhookSecret,
        ["Billing:Stripe:ApiBase"] = _stripe.Address.ToString(),
        ["Billing:Stripe:Prices:pro"] = "price_pro",
        ["Tiers:pro:Overage"] = "Bill",
        ["Tiers:pro:UnitPrice"] = "2.50",
        ["Billing:Stripe:OveragePrices:pro"] = "price_pro_overage",
        ["Billing:Stripe:Prices:business"] = "price_business",
        ["Billing:Stripe:Prices:enterprise"] = "price_enterprise",
    };

    private static OverageReporter Reporter(IServiceProvider services) => services.GetRequiredService<OverageReporter>();

    private static AccountOverage Overage(IServiceProvider services) => services.GetRequiredService<AccountOverage>();

    /// <summary>A pro account whose checkout completed (it has a Stripe customer), as the webhook leaves it.</summary>
    private static async Task<(string AccountId, string CustomerId)> BillableAccountAsync(IServiceProvider services)
    {
        var account = (await services.GetRequiredService<IAccountStore>().CreateAsync($"{Guid.NewGuid():N}@example.test", "free", CancellationToken.None))!;
        var customer = $"cus_{Guid.NewGuid():N}"[..18];
        await services.GetRequiredService<AccountBillingWriter>().ApplyAsync(account.Id,
            new BillingChange { EventId = StripeEvents.NewId(), Tier = "pro", CustomerId = customer, SubscriptionId = "sub_overage" }, CancellationToken.None);
        return (account.Id, customer);
    }

    /// <summary>What the limiter script does in the call that admits overage units.</summary>
    private static Task<long> CountOverageAsync(string accountId, long units) => Db.HashIncrementAsync(RedisKeys.AccountOverage(accountId), "pending", units);

    private List<StandInMeterEvent> EventsOf(string customer) => [.. _stripe.MeterEvents.Where(e => e.CustomerId == customer)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out");
            await Task.Delay(10);
        }
    }
}
