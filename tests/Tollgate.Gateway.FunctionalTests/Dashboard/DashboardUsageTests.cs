using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;
using Tollgate.Core.Limiting;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>Usage as the dashboard's gauges and chart read it: the limiter's windows, and the per-key history.</summary>
public sealed class DashboardUsageTests : DashboardTestBase
{
    private static readonly TierLimits Free = new(60, 1000, 10000);

    [Test]
    public async Task Usage_ReportsEachWindowAgainstTheTiersLimits_AndWhenItFreesUp()
    {
        var (browser, account) = await SignedInAsync("free");
        using (browser)
        {
            var limiter = Host.Services.GetRequiredService<IRateLimiter>();
            for (var i = 0; i < 3; i++)
            {
                await limiter.AcquireAsync(account.Id, account.KeyId, 1, Free, CancellationToken.None);
            }

            var usage = await browser.GetJsonAsync("/dashboard/api/usage");
            var windows = usage.GetProperty("windows").EnumerateArray().ToDictionary(w => w.Str("window"));

            Assert.Multiple(() =>
            {
                Assert.That(usage.Str("tier"), Is.EqualTo("free"));
                Assert.That(windows.Keys, Is.EqualTo((string[])["hour", "day", "month"]));
                Assert.That(windows["hour"].GetProperty("used").GetInt64(), Is.EqualTo(3));
                Assert.That(windows["hour"].GetProperty("limit").GetInt64(), Is.EqualTo(60));
                Assert.That(windows["hour"].GetProperty("remaining").GetInt64(), Is.EqualTo(57));
                Assert.That(windows["hour"].GetProperty("percentage").GetDouble(), Is.EqualTo(5.0));
                Assert.That(windows["hour"].GetProperty("reset_seconds").GetInt64(), Is.InRange(3540, 3660), "the oldest one-minute bucket leaves an hour after it began");
                Assert.That(windows["hour"].GetProperty("resets_at").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(50)));
                Assert.That(windows["day"].GetProperty("limit").GetInt64(), Is.EqualTo(1000));
                Assert.That(windows["month"].GetProperty("used").GetInt64(), Is.EqualTo(3));
                Assert.That(usage.GetProperty("today_total").GetInt64(), Is.EqualTo(3));
            });
        }
    }

    [Test]
    public async Task Usage_AccountWithItsOwnLimits_GaugesUseThemAndSayUntilWhen()
    {
        var (browser, account) = await SignedInAsync("free");
        using (browser)
        {
            var until = DateTimeOffset.UtcNow.AddDays(3);
            var outcome = await Host.Services.GetRequiredService<IAccountStore>().SetLimitsAsync(
                account.Id, "free", new LimitOverride(PerHour: 5, PerDay: null, PerMonth: null, MaxKeys: 7, Features: null, until), CancellationToken.None);
            Assert.That(outcome, Is.EqualTo(TierWriteOutcome.Changed));

            var usage = await browser.GetJsonAsync("/dashboard/api/usage");
            var keys = await browser.GetJsonAsync("/dashboard/api/keys");
            var hour = usage.GetProperty("windows").EnumerateArray().Single(w => w.Str("window") == "hour");
            Assert.Multiple(() =>
            {
                Assert.That(hour.GetProperty("limit").GetInt64(), Is.EqualTo(5));
                Assert.That(usage.GetProperty("custom_limits").GetProperty("requests_per_hour").GetInt64(), Is.EqualTo(5));
                Assert.That(usage.GetProperty("custom_limits").GetProperty("expires_at").GetDateTimeOffset(), Is.EqualTo(until).Within(TimeSpan.FromMilliseconds(1)));
                Assert.That(keys.GetProperty("max_keys").GetInt32(), Is.EqualTo(7));
            });
        }
    }

    [Test]
    public async Task Usage_NothingCounted_ResetsNothing()
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            var hour = (await browser.GetJsonAsync("/dashboard/api/usage")).GetProperty("windows")[0];

            Assert.Multiple(() =>
            {
                Assert.That(hour.GetProperty("used").GetInt64(), Is.Zero);
                Assert.That(hour.GetProperty("reset_seconds").GetInt64(), Is.Zero);
                Assert.That(hour.GetProperty("resets_at").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            });
        }
    }

    [Test]
    public async Task UsageHistory_CountsPerKeyPerDay_AndNamesTheKeys()
    {
        var (browser, account) = await SignedInAsync("pro");
        using (browser)
        {
            var second = await Operator.CreateKeyAsync(account.Id, new NewApiKey("ci"));
            var limiter = Host.Services.GetRequiredService<IRateLimiter>();
            await limiter.AcquireAsync(account.Id, account.KeyId, 1, Free, CancellationToken.None);
            await limiter.AcquireAsync(account.Id, second.Record.KeyId, 1, Free, CancellationToken.None);
            await limiter.AcquireAsync(account.Id, second.Record.KeyId, 1, Free, CancellationToken.None);

            var history = await browser.GetJsonAsync("/dashboard/api/usage-history?days=30");
            var days = history.GetProperty("history").EnumerateArray().ToList();
            var today = days[^1];

            Assert.Multiple(() =>
            {
                Assert.That(days, Has.Count.EqualTo(30));
                Assert.That(today.Str("date"), Is.EqualTo(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd")));
                Assert.That(today.GetProperty("total").GetInt64(), Is.EqualTo(3));
                Assert.That(today.GetProperty("by_key").GetProperty(account.KeyId).GetInt64(), Is.EqualTo(1));
                Assert.That(today.GetProperty("by_key").GetProperty(second.Record.KeyId).GetInt64(), Is.EqualTo(2));
                Assert.That(history.GetProperty("keys").EnumerateArray().Select(k => k.Str("name")), Is.EqualTo((string[])["laptop", "ci"]));
            });
        }
    }

    [TestCase("0")]
    [TestCase("91")]
    public async Task UsageHistory_DaysOutOfRange_Is400(string days)
    {
        var (browser, _) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.Http.GetAsync($"/dashboard/api/usage-history?days={days}");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
    }

    [Test]
    public async Task Usage_ReadingCountsNothing()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            for (var i = 0; i < 3; i++)
            {
                await browser.GetJsonAsync("/dashboard/api/usage");
            }
            var limiter = Host.Services.GetRequiredService<IRateLimiter>();
            var peek = await limiter.PeekAsync(account.Id, Free, CancellationToken.None);

            Assert.That(peek.Windows[0].Used, Is.Zero);
        }
    }

    [Test]
    public async Task Keys_DoNotLeakThroughAnotherAccountsSession()
    {
        var (browser, _) = await SignedInAsync();
        var stranger = await NewAccountAsync();
        using (browser)
        {
            var keys = await browser.GetJsonAsync("/dashboard/api/keys");

            Assert.That(keys.GetRawText(), Does.Not.Contain(stranger.KeyId));
        }
    }
}
