using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Accounts;

/// <summary><c>PUT/GET/DELETE /admin/accounts/{id}/limits</c>: validated against the tier, stored, audited, removable.</summary>
public sealed class AccountLimitsEndpointTests : AdminApiTestBase
{
    [Test]
    public async Task Put_MergesWithTheTier_AndGetShowsTheEffectiveLimits()
    {
        var id = await Client.CreateAccountIdAsync("free");
        var until = DateTimeOffset.UtcNow.AddDays(10);

        using var put = await Client.PutAsJsonAsync($"/admin/accounts/{id}/limits",
            new { requests_per_day = 5000, requests_per_month = 50_000, max_keys = 4, expires_at = until });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var read = await Client.GetJsonAsync($"/admin/accounts/{id}/limits");
        Assert.Multiple(() =>
        {
            Assert.That(read.Str("tier"), Is.EqualTo("free"));
            Assert.That(read.GetProperty("limits").GetProperty("per_hour").GetInt64(), Is.EqualTo(60), "the tier's hour");
            Assert.That(read.GetProperty("limits").GetProperty("per_day").GetInt64(), Is.EqualTo(5000));
            Assert.That(read.GetProperty("limits").GetProperty("per_month").GetInt64(), Is.EqualTo(50_000));
            Assert.That(read.GetProperty("max_keys").GetInt32(), Is.EqualTo(4));
            Assert.That(read.Strings("features"), Is.EqualTo((string[])["current", "forecast-7day"]));
            Assert.That(read.GetProperty("custom_limits").GetProperty("expires_at").GetDateTimeOffset(), Is.EqualTo(until).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(read.GetProperty("custom_limits").GetProperty("requests_per_hour").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [TestCase("{\"requests_per_hour\":0}", "requests_per_hour")]
    [TestCase("{\"requests_per_day\":-5}", "requests_per_day")]
    [TestCase("{\"max_keys\":0}", "max_keys")]
    [TestCase("{\"requests_per_hour\":5000}", "requests_per_hour")] // free's day is 1,000: the merged hour would exceed it
    [TestCase("{\"requests_per_day\":20000}", "requests_per_day")] // free's month is 10,000
    [TestCase("{\"features\":[\"teleport\"]}", "features")]
    [TestCase("{\"requests_per_hour\":5,\"expires_at\":\"2020-01-01T00:00:00Z\"}", "expires_at")]
    [TestCase("{}", "body")]
    public async Task Put_Invalid_Is400NamingTheField_AndChangesNothing(string body, string field)
    {
        var id = await Client.CreateAccountIdAsync("free");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await Client.PutAsync($"/admin/accounts/{id}/limits", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem.ReadAsync(response)).ErrorFields, Does.Contain(field));
        var read = await Client.GetJsonAsync($"/admin/accounts/{id}/limits");
        Assert.That(read.GetProperty("custom_limits").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task PutAndDelete_UnknownAccount_Are404()
    {
        using var put = await Client.PutAsJsonAsync("/admin/accounts/acc_aaaaaaaaaaaaaaaa/limits", new { requests_per_hour = 5 });
        using var delete = await Client.DeleteAsync("/admin/accounts/acc_aaaaaaaaaaaaaaaa/limits");
        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task PutAndDelete_AreAudited_AndDeleteRestoresTheTier()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        using (await Client.PutAsJsonAsync($"/admin/accounts/{id}/limits", new { requests_per_hour = 7 }))
        {
        }
        using var delete = await Client.DeleteAsync($"/admin/accounts/{id}/limits");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var read = await Client.GetJsonAsync($"/admin/accounts/{id}/limits");
        var audit = await Client.GetJsonAsync($"/admin/audit?account_id={id}");
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("limits").GetProperty("per_hour").GetInt64(), Is.EqualTo(600));
            Assert.That(read.GetProperty("custom_limits").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(entries.Select(e => e.Str("action")), Is.EqualTo((string[])["account.limits_removed", "account.limits_set", "account.created"]));
            Assert.That(entries[1].GetProperty("details").Str("requests_per_hour"), Is.EqualTo("7"));
        });
    }
}
