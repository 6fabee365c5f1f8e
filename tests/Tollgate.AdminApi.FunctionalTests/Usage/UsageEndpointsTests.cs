using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.AdminApi.FunctionalTests.Accounts;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Testing;

namespace Tollgate.AdminApi.FunctionalTests.Usage;

/// <summary>
/// Usage as the gateway records it: requests are driven through core's limiter, on the service's (fake) clock and
/// Redis's, which the windows run on, moved together.
/// </summary>
public sealed class UsageEndpointsTests
{
    // Midday, so a few hours either way stay on the same UTC day; in the past, so these accounts sort before
    // those other tests create on the real clock.
    private static readonly DateTimeOffset Start = new(2021, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private TestClock _time = null!;
    private AdminApiHost _host = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void StartHost()
    {
        _time = TestClock.Start(RedisSetUp.Redis, Start, Assert.Ignore);
        _host = new AdminApiHost(timeProvider: _time);
        _client = _host.CreateClient();
    }

    [TearDown]
    public async Task StopHostAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        _time.Dispose();
    }

    [Test]
    public async Task GetUsage_AfterRequests_ReportsEveryWindowAndTodayPerKey()
    {
        var id = await _client.CreateAccountIdAsync("free");
        var first = (await _client.CreateKeyAsync(id, new { name = "first" })).Str("key_id");
        var second = (await _client.CreateKeyAsync(id, new { name = "second" })).Str("key_id");
        await AcquireAsync(id, first, "free", 3);
        _time.Advance(TimeSpan.FromMinutes(5));
        await AcquireAsync(id, second, "free", 2);

        var usage = await _client.GetJsonAsync($"/admin/accounts/{id}/usage");

        var hour = usage.GetProperty("windows").GetProperty("hour");
        var month = usage.GetProperty("windows").GetProperty("month");
        var today = usage.GetProperty("today");
        var keys = today.GetProperty("keys").EnumerateArray().ToDictionary(k => k.Str("key_id"), k => k.GetProperty("requests").GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(usage.Str("tier"), Is.EqualTo("free"));
            Assert.That(usage.GetProperty("windows").EnumerateObject().Select(w => w.Name), Is.EqualTo((string[])["hour", "day", "month"]));
            Assert.That(hour.GetProperty("used").GetInt64(), Is.EqualTo(5));
            Assert.That(hour.GetProperty("limit").GetInt64(), Is.EqualTo(60));
            Assert.That(hour.GetProperty("remaining").GetInt64(), Is.EqualTo(55));
            Assert.That(hour.GetProperty("percentage").GetDouble(), Is.EqualTo(8.3), "5 of 60, one decimal");
            // The first requests sit in the 12:00 minute bucket, which leaves the hour after 13:01; it is 12:05 now.
            Assert.That(hour.GetProperty("reset_seconds").GetInt64(), Is.EqualTo(56 * 60));
            Assert.That(month.GetProperty("used").GetInt64(), Is.EqualTo(5));
            Assert.That(month.GetProperty("limit").GetInt64(), Is.EqualTo(10_000));
            Assert.That(usage.GetProperty("windows").GetProperty("day").GetProperty("percentage").GetDouble(), Is.EqualTo(0.5));
            Assert.That(today.Str("date"), Is.EqualTo("2021-03-10"));
            Assert.That(today.GetProperty("total").GetInt64(), Is.EqualTo(5));
            Assert.That(keys, Is.EqualTo(new Dictionary<string, long> { [first] = 3, [second] = 2 }));
        });
    }

    [Test]
    public async Task GetUsage_ReadTwice_CountsNothing()
    {
        var id = await _client.CreateAccountIdAsync("pro");
        var key = (await _client.CreateKeyAsync(id)).Str("key_id");
        await AcquireAsync(id, key, "pro", 1);

        await _client.GetJsonAsync($"/admin/accounts/{id}/usage");
        var usage = await _client.GetJsonAsync($"/admin/accounts/{id}/usage");

        Assert.That(usage.GetProperty("windows").GetProperty("hour").GetProperty("used").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetUsage_WindowFull_Reports100Percent()
    {
        var id = await _client.CreateAccountIdAsync("free");
        var key = (await _client.CreateKeyAsync(id)).Str("key_id");
        await AcquireAsync(id, key, "free", 61); // the 61st is refused

        var hour = (await _client.GetJsonAsync($"/admin/accounts/{id}/usage")).GetProperty("windows").GetProperty("hour");

        Assert.Multiple(() =>
        {
            Assert.That(hour.GetProperty("used").GetInt64(), Is.EqualTo(60));
            Assert.That(hour.GetProperty("remaining").GetInt64(), Is.Zero);
            Assert.That(hour.GetProperty("percentage").GetDouble(), Is.EqualTo(100.0));
        });
    }

    [Test]
    public async Task GetUsage_NoRequests_ReportsZeros()
    {
        var id = await _client.CreateAccountIdAsync("business");

        var usage = await _client.GetJsonAsync($"/admin/accounts/{id}/usage");

        var day = usage.GetProperty("windows").GetProperty("day");
        Assert.Multiple(() =>
        {
            Assert.That(day.GetProperty("used").GetInt64(), Is.Zero);
            Assert.That(day.GetProperty("limit").GetInt64(), Is.EqualTo(50_000));
            Assert.That(day.GetProperty("percentage").GetDouble(), Is.Zero);
            Assert.That(day.GetProperty("reset_seconds").GetInt64(), Is.Zero);
            Assert.That(usage.GetProperty("today").GetProperty("keys").GetArrayLength(), Is.Zero);
        });
    }

    [TestCase("acc_aaaaaaaaaaaaaaaa")]
    [TestCase("nope")]
    public async Task GetUsageAndHistory_UnknownAccount_Return404(string id)
    {
        using var usage = await _client.GetAsync($"/admin/accounts/{id}/usage");
        using var history = await _client.GetAsync($"/admin/accounts/{id}/usage-history");

        Assert.That(usage.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(history.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task GetUsageHistory_OverSeveralDays_ReturnsEachDayOldestFirstWithPerKeyCounts()
    {
        var id = await _client.CreateAccountIdAsync("pro");
        var a = (await _client.CreateKeyAsync(id, new { name = "a" })).Str("key_id");
        var b = (await _client.CreateKeyAsync(id, new { name = "b" })).Str("key_id");
        await AcquireAsync(id, a, "pro", 3);             // 2021-03-10
        _time.Advance(TimeSpan.FromDays(1));
        await AcquireAsync(id, b, "pro", 2);             // 2021-03-11
        _time.Advance(TimeSpan.FromDays(2));
        await AcquireAsync(id, a, "pro", 1);             // 2021-03-13
        await AcquireAsync(id, b, "pro", 4);

        var body = await _client.GetJsonAsync($"/admin/accounts/{id}/usage-history?days=5");

        var days = body.GetProperty("history").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("days").GetInt32(), Is.EqualTo(5));
            Assert.That(days.Select(d => d.Str("date")), Is.EqualTo((string[])["2021-03-09", "2021-03-10", "2021-03-11", "2021-03-12", "2021-03-13"]));
            Assert.That(days.Select(d => d.GetProperty("total").GetInt64()), Is.EqualTo((long[])[0, 3, 2, 0, 5]));
            Assert.That(ByKey(days[1]), Is.EqualTo(new Dictionary<string, long> { [a] = 3 }));
            Assert.That(ByKey(days[4]), Is.EqualTo(new Dictionary<string, long> { [a] = 1, [b] = 4 }));
            Assert.That(ByKey(days[0]), Is.Empty);
        });
    }

    [Test]
    public async Task GetUsageHistory_NoDays_DefaultsTo30EndingToday()
    {
        var id = await _client.CreateAccountIdAsync();

        var body = await _client.GetJsonAsync($"/admin/accounts/{id}/usage-history");

        var days = body.GetProperty("history").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(days, Has.Count.EqualTo(30));
            Assert.That(days[^1].Str("date"), Is.EqualTo("2021-03-10"));
            Assert.That(days[0].Str("date"), Is.EqualTo("2021-02-09"));
        });
    }

    [TestCase("1", HttpStatusCode.OK)]
    [TestCase("90", HttpStatusCode.OK)]
    [TestCase("0", HttpStatusCode.BadRequest)]
    [TestCase("91", HttpStatusCode.BadRequest)]
    [TestCase("-5", HttpStatusCode.BadRequest)]
    [TestCase("abc", HttpStatusCode.BadRequest)]
    [TestCase("3.5", HttpStatusCode.BadRequest)]
    public async Task GetUsageHistory_DaysBounds_AcceptOneToNinety(string days, HttpStatusCode expected)
    {
        var id = await _client.CreateAccountIdAsync();

        using var response = await _client.GetAsync($"/admin/accounts/{id}/usage-history?days={days}");

        if (expected == HttpStatusCode.OK)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.That(body.GetProperty("history").GetArrayLength(), Is.EqualTo(int.Parse(days, System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            await AccountEndpointsTests.AssertInvalidAsync(response, "days");
        }
    }

    private async Task AcquireAsync(string accountId, string keyId, string tierName, int count)
    {
        _host.Services.GetRequiredService<TierCatalog>().TryGet(tierName, out var tier);
        var limiter = _host.Services.GetRequiredService<IRateLimiter>();
        for (var i = 0; i < count; i++)
        {
            await limiter.AcquireAsync(accountId, keyId, 1, tier!.Limits, CancellationToken.None);
        }
    }

    private static Dictionary<string, long> ByKey(JsonElement day) =>
        day.GetProperty("by_key").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
