using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// Route metadata <c>Cost</c>, a tier's burst window (<c>RequestsPerSecond</c>) and billed overage, through the real
/// gateway and a real Redis: units taken whole from every window, or refused whole.
/// </summary>
public sealed class WeightedRouteTests : GatewayTestBase
{
    private const string CostFive = "/api/v3/weather/cost-five";
    private const string CostOne = "/api/v3/weather/echo-headers";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ReverseProxy:Routes:test-cost-five:ClusterId"] = "weather",
        ["ReverseProxy:Routes:test-cost-five:Match:Path"] = CostFive,
        ["ReverseProxy:Routes:test-cost-five:Metadata:Feature"] = "current",
        ["ReverseProxy:Routes:test-cost-five:Metadata:Cost"] = "5",
        ["ReverseProxy:Routes:test-cost-five:Transforms:0:PathSet"] = CostOne,
        ["Tiers:bursty:DisplayName"] = "Bursty",
        ["Tiers:bursty:PriceMonthly"] = "5",
        ["Tiers:bursty:RequestsPerSecond"] = "5",
        ["Tiers:bursty:RequestsPerHour"] = "600",
        ["Tiers:bursty:RequestsPerDay"] = "6000",
        ["Tiers:bursty:RequestsPerMonth"] = "60000",
        ["Tiers:bursty:MaxKeys"] = "2",
        ["Tiers:bursty:Features:0"] = "current",
        ["Tiers:metered:DisplayName"] = "Metered",
        ["Tiers:metered:PriceMonthly"] = "7",
        ["Tiers:metered:RequestsPerHour"] = "50",
        ["Tiers:metered:RequestsPerDay"] = "50",
        ["Tiers:metered:RequestsPerMonth"] = "10",
        ["Tiers:metered:Overage"] = "Bill",
        ["Tiers:metered:UnitPrice"] = "0.50",
        ["Tiers:metered:Cap"] = "5",
        ["Tiers:metered:MaxKeys"] = "2",
        ["Tiers:metered:Features:0"] = "current",
    };

    [Test]
    public async Task RouteOfCostFive_FreeAccountsSixtyAnHour_AdmitsExactlyTwelve()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        var statuses = await SendAllAsync(consumer, CostFive, 20);

        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(12));
            Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(8));
            Assert.That(await HourUsedAsync(consumer, "free"), Is.EqualTo(60), "twelve requests of five units");
            Assert.That(await UsageOfKeyAsync(consumer), Is.EqualTo(60), "usage counts units");
        });
    }

    [Test]
    public async Task RouteOfCostFive_HeadersCountUnits()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        using var response = await Client.SendAsync(consumer.Get(CostFive));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Header(response, "X-RateLimit-Remaining"), Is.EqualTo("55"));
            Assert.That(Header(response, "RateLimit"), Does.Match("^\"hour\";r=55;t=\\d+, \"day\";r=995;t=\\d+, \"month\";r=9995;t=\\d+$"));
        });
    }

    [Test]
    public async Task WindowWithoutRoomForAllUnits_RefusesTheRequestWholeAndCountsNone()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        Assert.That((await SendAllAsync(consumer, CostOne, 57)).Distinct(), Is.EqualTo(new[] { HttpStatusCode.OK }));

        using var refused = await Client.SendAsync(consumer.Get(CostFive));
        var problem = await Problem.ReadAsync(refused);

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "3 units left, 5 asked");
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:rate-limited"));
            Assert.That(await HourUsedAsync(consumer, "free"), Is.EqualTo(57), "not partly counted");
        });
        Assert.That(await SendAllAsync(consumer, CostOne, 4), Is.EqualTo(new[]
        {
            HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests,
        }), "the three units left still serve requests of cost 1, after the refusal of a dearer one");
    }

    [Test]
    public async Task BurstLimit_AdmitsExactlyItsSecondsWorthAtOnce_WithItsOwnHeaderEntry()
    {
        var consumer = await Gateway.CreateConsumerAsync("bursty");

        var statuses = await SendAllAsync(consumer, CostOne, 20);
        using var response = await Client.SendAsync(consumer.Get(CostOne));

        Assert.Multiple(() =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.LessThanOrEqualTo(5 * 2), "never more than 5 in any second (a burst may straddle two)");
            Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.GreaterThanOrEqualTo(10));
            Assert.That(Header(response, "RateLimit-Policy"),
                Is.EqualTo("\"second\";q=5;w=1, \"hour\";q=600;w=3600, \"day\";q=6000;w=86400, \"month\";q=60000;w=2592000"));
            Assert.That(Header(response, "RateLimit"), Does.StartWith("\"second\";r="));
        });
    }

    [Test]
    public async Task BurstLimit_RefusedWithARetryAfterOfAboutOneSecond_AndAdmittedAgainThen()
    {
        var consumer = await Gateway.CreateConsumerAsync("bursty");

        var statuses = await SendAllAsync(consumer, CostFive, 2);
        using var refused = await Client.SendAsync(consumer.Get(CostOne));

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }), "five units fill the second");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 2), "until the 100 ms bucket leaves the second");
        });
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var again = await Client.SendAsync(consumer.Get(CostOne));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task BilledOverage_AdmitsPastTheMonthUpToTheCap_MarksEachOverageAnswerAndMetersItOnce()
    {
        var consumer = await Gateway.CreateConsumerAsync("metered");
        var answers = new List<(HttpStatusCode Status, string? Overage, string? State)>();
        for (var i = 0; i < 17; i++)
        {
            using var response = await Client.SendAsync(consumer.Get(CostOne));
            answers.Add((response.StatusCode, HeaderOrNull(response, "X-RateLimit-Overage"), HeaderOrNull(response, "RateLimit")));
        }

        var pending = await Redis().HashGetAsync(RedisKeys.AccountOverage(consumer.Account.Id), "pending");
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.EqualTo(Enumerable.Repeat(HttpStatusCode.OK, 15).Concat([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests])),
                "10 included, 5 of overage (the cap), then refused although the hour has room");
            Assert.That(answers.Take(10).Select(a => a.Overage), Is.All.Null);
            Assert.That(answers.Skip(10).Take(5).Select(a => a.Overage), Is.All.EqualTo("1"));
            Assert.That(answers[12].State, Does.Contain("\"month\";r=0;t=").And.EndWith(";overage"));
            Assert.That(answers[9].State, Does.Not.Contain("overage"));
            Assert.That((long)pending, Is.EqualTo(5), "each overage unit metered once, refused ones never");
        });
    }

    private async Task<HttpStatusCode[]> SendAllAsync(TestConsumer consumer, string path, int count)
    {
        var statuses = new HttpStatusCode[count];
        // One after another: each request's answer is deterministic; concurrency is the limiter tests' subject.
        for (var i = 0; i < count; i++)
        {
            using var response = await Client.SendAsync(consumer.Get(path));
            statuses[i] = response.StatusCode;
        }
        return statuses;
    }

    private async Task<long> HourUsedAsync(TestConsumer consumer, string tier)
    {
        Gateway.Services.GetRequiredService<TierCatalog>().TryGet(tier, out var found);
        var peek = await Gateway.Services.GetRequiredService<IRateLimiter>().PeekAsync(consumer.Account.Id, found!.Limits, CancellationToken.None);
        return peek.Windows.Single(w => w.Window == LimitWindow.Hour).Used;
    }

    private async Task<long> UsageOfKeyAsync(TestConsumer consumer) =>
        (long)await Redis().HashGetAsync(RedisKeys.DailyUsage(consumer.Account.Id, EpochDay.Of(DateTimeOffset.UtcNow)), consumer.Key.KeyId);

    private IDatabase Redis() => Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    private static string Header(HttpResponseMessage response, string name) =>
        HeaderOrNull(response, name) ?? throw new AssertionException($"{name} missing");

    private static string? HeaderOrNull(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
