using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.AdminApi.FunctionalTests.Accounts;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Audit;
using Tollgate.Core.Redis;

namespace Tollgate.AdminApi.FunctionalTests.Audit;

public sealed class AuditEndpointsTests : AdminApiTestBase
{
    [Test]
    public async Task AdminChanges_AreRecordedNewestFirstUnderTheTokenIdWithoutSecrets()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        var key = await Client.CreateKeyAsync(id, new { name = "audited" });
        using (await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}/rotate", new { grace_period_seconds = 60 }))
        {
        }
        using (await Client.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
        {
        }
        using (await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "business" }))
        {
        }
        using (await Client.DeleteAsync($"/admin/accounts/{id}"))
        {
        }

        using var response = await Client.GetAsync($"/admin/audit?account_id={id}");

        var json = await response.Content.ReadAsStringAsync();
        var entries = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray().ToList();
        var stream = await RedisSetUp.Redis.Database.StreamRangeAsync(RedisKeys.AuditLog, "-", "+");
        var streamText = string.Join("\n", stream.SelectMany(e => e.Values).Select(v => v.Value.ToString()));
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Str("action")), Is.EqualTo((string[])[
                "account.deleted", "account.tier_changed", "key.revoked", "key.rotated", "key.created", "account.created",
            ]));
            Assert.That(entries.Select(e => e.Str("actor")), Is.All.EqualTo(Secrets.TokenIdOf(AdminApiHost.Token)));
            Assert.That(entries.Select(e => e.Str("account_id")), Is.All.EqualTo(id));
            Assert.That(entries[3].Str("key_id"), Is.EqualTo(key.Str("key_id")));
            Assert.That(entries[1].GetProperty("details").Str("from"), Is.EqualTo("pro"));
            Assert.That(entries[1].GetProperty("details").Str("to"), Is.EqualTo("business"));
            Assert.That(entries.Select(e => e.GetProperty("at").GetDateTimeOffset()), Is.Ordered.Descending);
            Assert.That(json, Does.Not.Contain(AdminApiHost.Token).And.Not.Contain(key.Str("api_key")));
            Assert.That(streamText, Does.Not.Contain(AdminApiHost.Token).And.Not.Contain(key.Str("api_key")));
            Assert.That(Host.Logs.Lines.Where(l => l.Contains(key.Str("api_key"), StringComparison.Ordinal)), Is.Empty, "logs never hold a raw key");
        });
    }

    [Test]
    public async Task ListAudit_Count_LimitsTheEntriesNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Client.CreateAccountIdAsync());
        }

        var body = await Client.GetJsonAsync("/admin/audit?count=2");

        var entries = body.GetProperty("items").EnumerateArray().ToList();
        Assert.That(entries.Select(e => e.Str("account_id")), Is.EqualTo((string[])[ids[2], ids[1]]));
    }

    [Test]
    public async Task ListAudit_UnknownAccount_ReturnsNoEntries()
    {
        var body = await Client.GetJsonAsync("/admin/audit?account_id=acc_aaaaaaaaaaaaaaaa");

        Assert.That(body.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task ListAudit_FilteredByAccount_FindsEntriesBehindManyNewerOnes()
    {
        var log = Host.Services.GetRequiredService<IAuditLog>();
        var target = await Client.CreateAccountIdAsync();
        var noise = Enumerable.Range(0, 1200).Select(i =>
            log.AppendAsync(new AuditEvent("tok_noise", "test.noise", $"acc_noise{i}"), CancellationToken.None));
        await Task.WhenAll(noise);
        using (await Client.PutAsJsonAsync($"/admin/accounts/{target}/tier", new { tier = "pro" }))
        {
        }

        var body = await Client.GetJsonAsync($"/admin/audit?account_id={target}&count=10");

        Assert.That(body.GetProperty("items").EnumerateArray().Select(e => e.Str("action")),
            Is.EqualTo((string[])["account.tier_changed", "account.created"]));
    }

    [TestCase("0")]
    [TestCase("1001")]
    [TestCase("many")]
    public async Task ListAudit_CountOutOfRange_Returns400NamingCount(string count)
    {
        using var response = await Client.GetAsync($"/admin/audit?count={count}");

        await AccountEndpointsTests.AssertInvalidAsync(response, "count");
    }

    [Test]
    public async Task AuditLog_Always_IsCappedInRedis()
    {
        await Client.CreateAccountIdAsync();

        var info = await RedisSetUp.Redis.Database.ExecuteAsync("XINFO", "STREAM", (RedisKey)RedisKeys.AuditLog.ToString());

        Assert.That(info.IsNull, Is.False);
        Assert.That(await RedisSetUp.Redis.Database.StreamLengthAsync(RedisKeys.AuditLog), Is.LessThanOrEqualTo(101_000));
    }
}
