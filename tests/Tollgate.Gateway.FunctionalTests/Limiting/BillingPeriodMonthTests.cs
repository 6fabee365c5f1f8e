using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Core.Billing;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Gateway.FunctionalTests.Subscription;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// Tiers whose month is the billing period (<c>Tiers:&lt;name&gt;:MonthlyWindow=BillingPeriod</c>): the headers, 429 and
/// my-tier say when the period ends (the account's creation anniversary here: no Stripe anchor), and an upgrade keeps
/// the period's usage.
/// </summary>
public sealed class BillingPeriodMonthTests : GatewayTestBase
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Billing:Provider"] = "Simulated",
        ["Tiers:pro:MonthlyWindow"] = "BillingPeriod",
        ["Tiers:business:MonthlyWindow"] = "BillingPeriod",
        // A burst window lists "second" first: my-tier still reports hour, day and month.
        ["Tiers:business:RequestsPerSecond"] = "100",
    };

    [Test]
    public async Task MonthNearlyUsed_HeadersAndRefusalSayThePeriodEnds_PolicyWindowIsThePeriod()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro");
        var period = BillingPeriods.Containing(consumer.Account.CreatedAt, DateTimeOffset.UtcNow);
        // The period's count as the limiter keeps it: 2 short of pro's 250,000.
        await TestRedisSetUp.Redis.Database.HashSetAsync(RedisKeys.WindowCounts(consumer.Account.Id, LimitWindow.BillingPeriod),
            [new("end", period.End.ToUnixTimeMilliseconds()), new("total", 249_998)]);

        using var admitted = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv"));
        var untilEnd = period.End - DateTimeOffset.UtcNow;
        using var last = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv"));
        using var refused = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv"));

        Assert.Multiple(() =>
        {
            Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Header(admitted, "X-RateLimit-Remaining"), Is.EqualTo("1"), "the month is the tightest window");
            Assert.That(Seconds(admitted, "X-RateLimit-Reset"), Is.InRange(Whole(untilEnd - Slack), Whole(untilEnd + Slack)),
                "the month resets at the period's end");
            Assert.That(Header(admitted, "RateLimit-Policy"), Does.EndWith($"\"month\";q=250000;w={Whole(period.Length)}"),
                "the month's window is this period's length");
            Assert.That(Header(admitted, "RateLimit"), Does.Match("\"month\";r=1;t=\\d+$"));
            Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(long.Parse(refused.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture),
                Is.InRange(Whole(untilEnd - Slack), Whole(untilEnd + Slack)), "a refused request waits until the period ends");
        });
    }

    [Test]
    public async Task MyTier_MonthShowsTheExactEndOfTheBillingPeriod()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro");
        using (await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv")))
        {
        }
        var end = BillingPeriods.Containing(consumer.Account.CreatedAt, DateTimeOffset.UtcNow).End;

        var monthly = (await MyTierAsync(consumer)).GetProperty("usage").GetProperty("monthly");

        Assert.Multiple(() =>
        {
            Assert.That(monthly.GetProperty("used").GetInt64(), Is.EqualTo(1));
            Assert.That(monthly.GetProperty("kind").GetString(), Is.EqualTo("billing_period"));
            Assert.That(monthly.GetProperty("resets_at").GetDateTimeOffset(), Is.EqualTo(end), "to the millisecond: the anniversary of the account's creation");
            Assert.That(monthly.GetProperty("window_seconds").GetInt64(), Is.InRange(28 * 86_400, 31 * 86_400));
        });
    }

    [Test]
    public async Task Upgrade_BetweenTwoBillingPeriodTiers_KeepsThePeriodsUsage()
    {
        var consumer = await Gateway.CreateConsumerAsync("pro");
        for (var i = 0; i < 3; i++)
        {
            using var weather = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv"));
            Assert.That(weather.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var upgrade = await Client.SendAsync(UpgradeEndpointTests.Post(consumer, "/api/v3/subscription/upgrade?tier=business")))
        {
            Assert.That(upgrade.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var after = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv"));
        var monthly = (await MyTierAsync(consumer)).GetProperty("usage").GetProperty("monthly");

        Assert.Multiple(() =>
        {
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(monthly.GetProperty("window").GetString(), Is.EqualTo("month"));
            Assert.That(monthly.GetProperty("limit").GetInt64(), Is.EqualTo(1_000_000), "business now");
            Assert.That(monthly.GetProperty("used").GetInt64(), Is.EqualTo(4), "the 3 counted on pro stay in the period");
        });
    }

    [Test]
    public async Task SlidingTier_MonthIsUnchanged()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var weather = await Client.SendAsync(consumer.Get("/api/v3/weather/current?city=Kyiv"));
        var monthly = (await MyTierAsync(consumer)).GetProperty("usage").GetProperty("monthly");

        Assert.Multiple(() =>
        {
            Assert.That(Header(weather, "RateLimit-Policy"), Does.EndWith("\"month\";q=10000;w=2592000"));
            Assert.That(monthly.GetProperty("kind").GetString(), Is.EqualTo("sliding"));
            Assert.That(monthly.GetProperty("window_seconds").GetInt64(), Is.EqualTo(2_592_000));
        });
    }

    private async Task<JsonElement> MyTierAsync(TestConsumer consumer)
    {
        using var response = await Client.SendAsync(consumer.Get("/api/v3/subscription/my-tier"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static long Seconds(HttpResponseMessage response, string name) => long.Parse(Header(response, name), CultureInfo.InvariantCulture);

    private static long Whole(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds);
}
