using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// An admin reads an account's usage right after a burst on a gateway that still holds a permit lease of the account
/// (<c>Limits:Leases</c>, on by default): the admin API is a host of its own on the same Redis, as deployed. The read asks
/// the lease back and waits for its return, so it reports what was admitted, not what was leased.
/// </summary>
public sealed class LeasedUsageReadTests : GatewayBesideAdminApiTests
{
    private const string Weather = "/api/v3/weather/current?city=Oslo";

    [Test]
    public async Task AdminUsage_RightAfterABurstServedFromALease_CountsExactlyTheAdmittedRequests()
    {
        var consumer = await Gateway.CreateConsumerAsync("business");
        const int requests = 12;
        for (var i = 0; i < requests; i++)
        {
            using var admitted = await Client.SendAsync(consumer.Get(Weather));
            Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        // At once: the gateway's lease (sized for requests that have not come) still holds unused permits.
        var read = Stopwatch.StartNew();
        using var response = await Admin.GetAsync($"/admin/accounts/{consumer.Account.Id}/usage");
        read.Stop();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var windows = usage.RootElement.GetProperty("windows");
        Assert.Multiple(() =>
        {
            Assert.That(windows.GetProperty("hour").GetProperty("used").GetInt64(), Is.EqualTo(requests), "the hour counts what was admitted");
            Assert.That(windows.GetProperty("month").GetProperty("used").GetInt64(), Is.EqualTo(requests), "so does the month");
            Assert.That(usage.RootElement.GetProperty("today").GetProperty("total").GetInt64(), Is.EqualTo(requests),
                "today's per-key counts too");
            // Woken by the lease's return, not by the end of its wait (Redis:TimeoutMs, 5 s in tests): an entry made for
            // the read used to be swept at once, so the return announced found no one waiting.
            Assert.That(read.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(TestConfiguration.RedisTimeoutMs / 2)));
        });
    }
}
