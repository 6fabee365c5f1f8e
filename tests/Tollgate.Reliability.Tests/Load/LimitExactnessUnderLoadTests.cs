using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;
using Tollgate.Reliability.Tests.Infrastructure;

using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Load;

/// <summary>
/// "Never over-admit, whatever the number of gateway instances and concurrent clients": three gateway
/// instances (three hosts, three Redis connections, three key caches) share one Redis and one account's windows,
/// and where time moves, their clocks disagree with Redis's by up to 500 ms.
/// </summary>
[NonParallelizable]
public sealed class LimitExactnessUnderLoadTests
{
    private const string Weather = "/api/v3/weather/current?city=Lyon";

    // The gateways' clocks against Redis's, in the order the fleet creates them.
    private static readonly TimeSpan[] Offsets = [TimeSpan.FromMilliseconds(-500), TimeSpan.Zero, TimeSpan.FromMilliseconds(500)];

    private UpstreamHost _upstream = null!;

    [OneTimeSetUp]
    public void StartUpstream() => _upstream = new UpstreamHost();

    [OneTimeTearDown]
    public async Task StopUpstreamAsync() => await _upstream.DisposeAsync();

    [Test]
    public async Task Burst_600ConcurrentRequestsOfAFreeAccountOverThreeGateways_Exactly60Admitted()
    {
        await using var fleet = new GatewayFleet(3, () => new GatewayHost(_upstream.Address));
        var consumer = await fleet[0].CreateConsumerAsync("free");

        var burst = await fleet.BurstAsync(consumer, Weather, count: 600);
        var used = await HourUsedAsync(fleet[1], consumer.Account.Id, "free");

        Assert.Multiple(() =>
        {
            Assert.That(burst.Unexpected, Is.Empty, "every answer is 200 or 429");
            Assert.That(burst.Admitted, Is.EqualTo(60));
            Assert.That(burst.Limited, Is.EqualTo(540));
            Assert.That(used, Is.EqualTo(60), "the hour window counts exactly the admitted requests");
        });
    }

    [Test]
    public async Task BurstsTwoHoursApart_DayWindowBindsAcrossHoursOnThreeGateways_ExactlyTheDailyLimitAdmittedInTotal()
    {
        // hour 150 <= day 250 <= month: the first burst fills the hour window, the second (two hours later, when
        // the hour window has emptied) can only take what the day window has left. The gateways' clocks stand
        // 500 ms behind, on and 500 ms ahead of Redis's, all moving with it.
        using var clock = TestClock.Start(RedisSetUp.Redis, DateTimeOffset.UtcNow, Assert.Ignore);
        clock.RequireRedis();
        var limits = new Dictionary<string, string?>
        {
            ["Tiers:pro:RequestsPerHour"] = "150",
            ["Tiers:pro:RequestsPerDay"] = "250",
        };
        var offsets = new Queue<TimeSpan>(Offsets);
        await using var fleet = new GatewayFleet(3, () => new GatewayHost(_upstream.Address, limits, clock.WithOffset(offsets.Dequeue())));
        var consumer = await fleet[0].CreateConsumerAsync("pro");

        var first = await fleet.BurstAsync(consumer, Weather, count: 300);
        clock.Advance(TimeSpan.FromHours(2));
        var second = await fleet.BurstAsync(consumer, Weather, count: 300);

        Assert.Multiple(() =>
        {
            Assert.That(first.Unexpected, Is.Empty);
            Assert.That(second.Unexpected, Is.Empty);
            Assert.That(first.Admitted, Is.EqualTo(150), "first burst: the hour limit");
            Assert.That(first.LimitingWindows, Is.EqualTo((string[])["hour"]));
            Assert.That(second.Admitted, Is.EqualTo(100), "second burst: what the day window has left");
            Assert.That(second.LimitingWindows, Is.EqualTo((string[])["day"]));
            Assert.That(first.Admitted + second.Admitted, Is.EqualTo(250), "in total exactly RequestsPerDay");
        });
    }

    [Test]
    public async Task BucketEdge_ThreeGatewaysHalfASecondApart_NeverOverTheLimitAndRetryAfterAgreesAndHolds()
    {
        // Redis's clock 200 ms before a minute's edge: the gateway ahead already sees the next minute.
        var now = DateTimeOffset.UtcNow;
        var edge = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        using var clock = TestClock.Start(RedisSetUp.Redis, edge - TimeSpan.FromMilliseconds(200), Assert.Ignore);
        clock.RequireRedis();
        var limits = new Dictionary<string, string?> { ["Tiers:pro:RequestsPerHour"] = "20" };
        var offsets = new Queue<TimeSpan>(Offsets);
        await using var fleet = new GatewayFleet(3, () => new GatewayHost(_upstream.Address, limits, clock.WithOffset(offsets.Dequeue())));
        var consumer = await fleet[0].CreateConsumerAsync("pro");

        var burst = await fleet.BurstAsync(consumer, Weather, count: 60);
        clock.SetUtcNow(edge + TimeSpan.FromSeconds(50));
        var refused = await EachGatewayAsync(fleet, consumer);
        // Every request of the burst sits in the minute before the edge, which leaves the hour at edge + 1 h.
        clock.SetUtcNow(edge + TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        var early = await EachGatewayAsync(fleet, consumer);
        clock.SetUtcNow(edge + TimeSpan.FromHours(1));
        var onTime = await EachGatewayAsync(fleet, consumer);

        Assert.Multiple(() =>
        {
            Assert.That(burst.Unexpected, Is.Empty);
            Assert.That(burst.Admitted, Is.EqualTo(20));
            Assert.That(refused.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Select(r => r.RetryAfter), Is.All.EqualTo("3550"), "one wait on every gateway: 1 h - 50 s");
            Assert.That(refused.Select(r => r.Reset), Is.All.EqualTo("3550"));
            Assert.That(early.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "a second early, every gateway refuses");
            Assert.That(early.Select(r => r.RetryAfter), Is.All.EqualTo("1"));
            Assert.That(onTime.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), "when Retry-After said, every gateway admits");
        });
    }

    [Test]
    public async Task Burst_TierChangesFromFreeToProWhileRequestsFly_NeverMoreThanTheProLimitAndEveryAdmissionCounted()
    {
        await using var fleet = new GatewayFleet(3, () => new GatewayHost(_upstream.Address));
        var consumer = await fleet[0].CreateConsumerAsync("free");
        var tierChanges = fleet[0].Services.GetRequiredService<TierChangeService>();

        // 900 requests, 24 in flight at a time; after the 120th answer the account moves to pro.
        var during = await fleet.BurstAsync(consumer, Weather, count: 900, inFlight: 24, onCompleted: (120, async () =>
        {
            var change = await tierChanges.ChangeTierAsync(consumer.Account.Id, "pro", TierChangeOrigin.Admin, CancellationToken.None);
            Assert.That(change, Is.InstanceOf<TierChangeResult.Changed>());
        }));
        var usedAfterBurst = await HourUsedAsync(fleet[2], consumer.Account.Id, "pro");

        // Every instance applies the new tier within 1 s (with room to spare on a busy machine; propagation has tests of
        // its own); then the rest of the pro hour can be taken, and no more.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var after = await fleet.BurstAsync(consumer, Weather, count: 700, inFlight: 48);
        var usedAtTheEnd = await HourUsedAsync(fleet[1], consumer.Account.Id, "pro");

        await TestContext.Out.WriteLineAsync($"Admitted during the burst: {during.Admitted}; after it: {after.Admitted}.");
        Assert.Multiple(() =>
        {
            Assert.That(during.Unexpected, Is.Empty);
            Assert.That(after.Unexpected, Is.Empty);
            Assert.That(during.Admitted, Is.InRange(60, 600), "at least the free hour, never more than the pro hour");
            Assert.That(usedAfterBurst, Is.EqualTo(during.Admitted), "the window counts every admitted request and no refused one");
            Assert.That(during.Admitted + after.Admitted, Is.EqualTo(600), "in total exactly the pro hourly limit");
            Assert.That(usedAtTheEnd, Is.EqualTo(600));
        });
    }

    [Test]
    public async Task LeaseHeldOnOneGateway_TheOtherTwoTakeTheRest_ExactlyTheLimitAdmittedAndCounted()
    {
        // Time stands still: the lease gateway 0 takes never ends by itself, so only a reclaim can give its unused permits
        // to the other gateways once Redis has none left.
        using var clock = TestClock.Start(RedisSetUp.Redis, DateTimeOffset.UtcNow, Assert.Ignore);
        clock.RequireRedis();
        var settings = new Dictionary<string, string?>
        {
            ["Tiers:pro:RequestsPerHour"] = "100",
            ["Limits:Leases:Enabled"] = "true",
        };
        var offsets = new Queue<TimeSpan>(Offsets);
        await using var fleet = new GatewayFleet(3, () => new GatewayHost(_upstream.Address, settings, clock.WithOffset(offsets.Dequeue())));
        var consumer = await fleet[0].CreateConsumerAsync("pro");

        var first = await OneAtATimeAsync(fleet, [0], consumer, 30);
        var countedAhead = await HourTotalInRedisAsync(consumer.Account.Id);
        Assert.That(countedAhead, Is.GreaterThan(30), "gateway 0 holds a lease with permits it has not used");
        var rest = await OneAtATimeAsync(fleet, [1, 2], consumer, 120);
        var used = await HourUsedAsync(fleet[1], consumer.Account.Id, "pro");

        Assert.Multiple(() =>
        {
            Assert.That(first.Count(s => s == HttpStatusCode.OK), Is.EqualTo(30));
            Assert.That(rest.Where(s => s is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests)), Is.Empty);
            Assert.That(rest.Count(s => s == HttpStatusCode.OK), Is.EqualTo(70),
                "the permits gateway 0 held unused went back for the others: exactly the limit in all");
            Assert.That(used, Is.EqualTo(100), "the hour counts exactly the admitted requests");
        });
    }

    /// <summary>Requests one after another, over the given gateways in turn; their statuses.</summary>
    private static async Task<List<HttpStatusCode>> OneAtATimeAsync(GatewayFleet fleet, int[] gateways, TestConsumer consumer, int count)
    {
        var clients = gateways.Select(i => fleet[i].CreateClient()).ToList();
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < count; i++)
            {
                using var request = consumer.Get(Weather);
                using var response = await clients[i % clients.Count].SendAsync(request);
                statuses.Add(response.StatusCode);
            }
            return statuses;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>What Redis's hour window of the account counts, leases included, read without any gateway.</summary>
    private static async Task<long> HourTotalInRedisAsync(string accountId) =>
        (long)await RedisSetUp.Redis.Multiplexer.GetDatabase().HashGetAsync(RedisKeys.WindowCounts(accountId, LimitWindow.Hour), "total");

    /// <summary>One request through each gateway in turn: its status, Retry-After and X-RateLimit-Reset.</summary>
    private static async Task<List<(HttpStatusCode Status, string? RetryAfter, string? Reset)>> EachGatewayAsync(GatewayFleet fleet, TestConsumer consumer)
    {
        var answers = new List<(HttpStatusCode, string?, string?)>();
        for (var i = 0; i < 3; i++)
        {
            using var client = fleet[i].CreateClient();
            using var request = consumer.Get(Weather);
            using var response = await client.SendAsync(request);
            answers.Add((response.StatusCode, Header(response, "Retry-After"), Header(response, "X-RateLimit-Reset")));
        }
        return answers;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The account's hour window as the limiter reads it (counting nothing).</summary>
    private static async Task<long> HourUsedAsync(GatewayHost gateway, string accountId, string tierName)
    {
        Assert.That(gateway.Services.GetRequiredService<TierCatalog>().TryGet(tierName, out var tier), Is.True);
        var decision = await gateway.Services.GetRequiredService<IRateLimiter>().PeekAsync(accountId, tier!.Limits, CancellationToken.None);
        return decision.Windows.Single(w => w.Window.Name == "hour").Used;
    }
}
