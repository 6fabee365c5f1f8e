using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// One account's own limits, set through the admin API (a host of its own) and applied by a gateway on a real socket
/// whose key cache would otherwise trust what it read for a minute: only the invalidation makes it see the change.
/// </summary>
public sealed class AccountLimitsTests : GatewayBesideAdminApiTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);
    private const string Weather = "/api/v3/weather/current?city=Oslo";
    private static readonly string[] FreeFeaturesAndHourly = ["current", "forecast-7day", "forecast-hourly"];

    protected override IReadOnlyDictionary<string, string?> GatewaySettings { get; } =
        new Dictionary<string, string?> { ["Gateway:KeyCache:LifetimeSeconds"] = "60" };

    [Test]
    public async Task PutLimits_FiveAnHour_SixthRequestRefusedWithinOneSecond()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        for (var i = 0; i < 5; i++)
        {
            using var admitted = await Client.SendAsync(consumer.Get(Weather));
            Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var put = Stopwatch.StartNew();
        using (var response = await Admin.PutAsJsonAsync($"/admin/accounts/{consumer.Account.Id}/limits", new { requests_per_hour = 5 }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        while (true)
        {
            using var sixth = await Client.SendAsync(consumer.Get(Weather));
            if (sixth.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await Problem.ReadAsync(sixth);
                Assert.Multiple(() =>
                {
                    Assert.That(problem.Body.GetProperty("window").GetString(), Is.EqualTo("hour"));
                    Assert.That(problem.Body.GetProperty("limit").GetInt64(), Is.EqualTo(5));
                    Assert.That(put.Elapsed, Is.LessThan(Promise));
                });
                return;
            }
            Assert.That(sixth.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            if (put.Elapsed > Promise)
            {
                Assert.Fail($"Still admitted {put.ElapsedMilliseconds} ms after the PUT.");
            }
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task MyTierAndUsage_ShowTheOwnLimitsUntilWhen_AndDeleteRestoresTheTiers()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        var until = DateTimeOffset.UtcNow.AddDays(30);
        using (var response = await Admin.PutAsJsonAsync($"/admin/accounts/{consumer.Account.Id}/limits",
            new { requests_per_hour = 100, requests_per_day = 2000, expires_at = until }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var custom = await EventuallyAsync(consumer, body => body.GetProperty("usage").GetProperty("hourly").GetProperty("limit").GetInt64() == 100);
        var limits = custom.GetProperty("custom_limits");
        Assert.Multiple(() =>
        {
            Assert.That(custom.GetProperty("current_tier").GetProperty("name").GetString(), Is.EqualTo("free"));
            Assert.That(custom.GetProperty("usage").GetProperty("daily").GetProperty("limit").GetInt64(), Is.EqualTo(2000));
            Assert.That(custom.GetProperty("usage").GetProperty("monthly").GetProperty("limit").GetInt64(), Is.EqualTo(10_000), "the tier's month");
            Assert.That(limits.GetProperty("requests_per_hour").GetInt64(), Is.EqualTo(100));
            Assert.That(limits.GetProperty("requests_per_month").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(limits.GetProperty("expires_at").GetDateTimeOffset(), Is.EqualTo(until).Within(TimeSpan.FromMilliseconds(1)));
        });

        var usage = await Admin.GetJsonAsync($"/admin/accounts/{consumer.Account.Id}/usage");
        Assert.Multiple(() =>
        {
            Assert.That(usage.GetProperty("windows").GetProperty("hour").GetProperty("limit").GetInt64(), Is.EqualTo(100));
            Assert.That(usage.GetProperty("custom_limits").GetProperty("requests_per_day").GetInt64(), Is.EqualTo(2000));
        });
        using (var weather = await Client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(weather.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("100"));
        }

        using (var response = await Admin.DeleteAsync($"/admin/accounts/{consumer.Account.Id}/limits"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        var restored = await EventuallyAsync(consumer, body => body.GetProperty("usage").GetProperty("hourly").GetProperty("limit").GetInt64() == 60);
        Assert.That(restored.GetProperty("custom_limits").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task OwnLimits_StopApplyingAtExpiresAt_WithoutAnyWrite()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        var until = DateTimeOffset.UtcNow.AddSeconds(2);
        using (var response = await Admin.PutAsJsonAsync($"/admin/accounts/{consumer.Account.Id}/limits", new { requests_per_hour = 1, expires_at = until }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        await EventuallyAsync(consumer, body => body.GetProperty("usage").GetProperty("hourly").GetProperty("limit").GetInt64() == 1);
        using (var first = await Client.SendAsync(consumer.Get(Weather)))
        using (var second = await Client.SendAsync(consumer.Get(Weather)))
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "one an hour while the limits apply");
        }

        await Task.Delay(until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100));
        using var after = await Client.SendAsync(consumer.Get(Weather));
        Assert.Multiple(() =>
        {
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the tier's 60 an hour again");
            Assert.That(after.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("60"));
        });
    }

    [Test]
    public async Task OwnFeaturesAndMaxKeys_OpenAFeatureAndAKeyTheTierDoesNot()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        const string hourly = "/api/v3/weather/forecast/hourly?city=Oslo";
        using (var before = await Client.SendAsync(consumer.Get(hourly)))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        await Admin.CreateKeyAsync(consumer.Account.Id);
        using (var third = await Admin.PostAsJsonAsync($"/admin/accounts/{consumer.Account.Id}/keys", new { name = "third" }))
        {
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "free allows two keys");
        }

        using (var response = await Admin.PutAsJsonAsync($"/admin/accounts/{consumer.Account.Id}/limits",
            new { max_keys = 3, features = FreeFeaturesAndHourly }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var after = await Client.SendAsync(consumer.Get(hourly));
            status = after.StatusCode;
        }
        while (status != HttpStatusCode.OK && watch.Elapsed < Promise && await Delay());
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        await Admin.CreateKeyAsync(consumer.Account.Id, new { name = "third" });
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20);
        return true;
    }

    /// <summary>my-tier once it satisfies <paramref name="condition"/>, failing after the one-second promise.</summary>
    private async Task<JsonElement> EventuallyAsync(TestConsumer consumer, Func<JsonElement, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await Client.SendAsync(consumer.Get("/api/v3/subscription/my-tier"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (condition(body))
            {
                return body;
            }
            if (watch.Elapsed > Promise)
            {
                Assert.Fail($"my-tier still answered {body} after {watch.ElapsedMilliseconds} ms.");
            }
            await Task.Delay(20);
        }
    }
}
