using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Reliability.Tests.Infrastructure;

using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Faults;

/// <summary>
/// "An account, a key or a tier change acknowledged by the admin API must survive a restart, and so must the
/// limiter's counters" (deploy/redis.conf). Redis runs with that very file (AOF, fsync every second) on a data
/// folder of its own, is killed with SIGKILL more than a second after the last acknowledged write, and is started
/// again on the same folder.
/// </summary>
[NonParallelizable]
public sealed class RedisCrashDurabilityTests
{
    [Test]
    public async Task AdminWritesAndLimiterWindows_RedisKilledAndRestartedOnItsData_AllThere()
    {
        await using var redis = await RedisServerProcess.StartNewAsync(deployConfig: true);
        await using var upstream = new UpstreamHost();
        await using var admin = new AdminApiHost(redisConnectionString: redis.ConnectionString);
        using var adminClient = admin.CreateClient();
        var accounts = new List<string>();
        var keys = new Dictionary<string, string>(); // key id -> raw key
        var revokedKeyId = "";

        // Accounts on several tiers, two keys each; one upgraded, one key revoked: every kind of admin write.
        await using (var gateway = new GatewayHost(upstream.Address, redisConnectionString: redis.ConnectionString))
        {
            using var client = gateway.CreateClient();
            string[] tiers = ["free", "pro", "business", "free"];
            for (var a = 0; a < tiers.Length; a++)
            {
                var account = await adminClient.CreateAccountIdAsync(tiers[a]);
                accounts.Add(account);
                for (var k = 0; k < 2; k++)
                {
                    var key = await adminClient.CreateKeyAsync(account, new { name = $"key {k}" });
                    keys[key.Str("key_id")] = key.Str("api_key");
                    // A different number of requests per key, so swapped or lost counts show.
                    for (var r = 0; r < 2 + a * 3 + k; r++)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/weather/current?city=Bergen");
                        request.Headers.Add("X-API-Key", key.Str("api_key"));
                        using var response = await client.SendAsync(request);
                        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                    }
                }
            }
            using (var upgrade = await adminClient.PutAsJsonAsync($"/admin/accounts/{accounts[0]}/tier", new { tier = "pro" }))
            {
                Assert.That(upgrade.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
            var keysOfLast = await adminClient.GetJsonAsync($"/admin/accounts/{accounts[3]}/keys");
            revokedKeyId = keysOfLast.GetProperty("items")[0].Str("key_id");
            using (var revoke = await adminClient.DeleteAsync($"/admin/accounts/{accounts[3]}/keys/{revokedKeyId}"))
            {
                Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            }
        }

        var before = await ReadEverythingAsync(adminClient, accounts);
        Assert.That(await AofEnabledAsync(redis), Is.True, "the server runs deploy/redis.conf with AOF on");

        // Past appendfsync everysec, then a crash: no shutdown, no final write.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await redis.KillAsync();
        await redis.StartAsync();

        await WaitUntilAnswersAsync(adminClient, $"/admin/accounts/{accounts[0]}");
        var after = await ReadEverythingAsync(adminClient, accounts);

        Assert.That(after, Is.EqualTo(before), "accounts, tiers, keys (with their status) and usage windows, as before the crash");
        Assert.That(before, Does.Contain("\"tier\":\"pro\""), "the upgrade was acknowledged before the crash");
        Assert.That(before, Does.Contain("\"status\":\"revoked\""), "the revocation was acknowledged before the crash");

        // And a gateway that never saw these keys (an empty cache) finds them in the restarted Redis.
        await using var fresh = new GatewayHost(upstream.Address, redisConnectionString: redis.ConnectionString);
        using var freshClient = fresh.CreateClient();
        foreach (var (keyId, rawKey) in keys)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/weather/current?city=Bergen");
            request.Headers.Add("X-API-Key", rawKey);
            using var response = await freshClient.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(keyId == revokedKeyId ? HttpStatusCode.Unauthorized : HttpStatusCode.OK), keyId);
        }
    }

    /// <summary>Every account, its keys and its usage, as the admin API reports them, as one comparable text.</summary>
    private static async Task<string> ReadEverythingAsync(HttpClient admin, IEnumerable<string> accounts)
    {
        var parts = new List<string>();
        foreach (var account in accounts)
        {
            parts.Add((await admin.GetJsonAsync($"/admin/accounts/{account}")).GetRawText());
            parts.Add((await admin.GetJsonAsync($"/admin/accounts/{account}/keys")).GetRawText());
            var usage = await admin.GetJsonAsync($"/admin/accounts/{account}/usage");
            // Used counts and per-key counts; reset_seconds moves with the clock and is left out.
            foreach (var window in usage.GetProperty("windows").EnumerateObject())
            {
                parts.Add($"{account} {window.Name} used={window.Value.GetProperty("used").GetInt64()} limit={window.Value.GetProperty("limit").GetInt64()}");
            }
            parts.Add(usage.GetProperty("today").GetRawText());
        }
        return string.Join(Environment.NewLine, parts);
    }

    private static async Task<bool> AofEnabledAsync(RedisServerProcess redis)
    {
        await using var connection = await redis.ConnectAsync();
        var info = await connection.GetServer(connection.GetEndPoints()[0]).InfoAsync("persistence");
        return info.SelectMany(g => g).Any(p => p.Key == "aof_enabled" && p.Value == "1");
    }

    private static async Task WaitUntilAnswersAsync(HttpClient admin, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await admin.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the admin API did not recover: {(int)response.StatusCode}");
            await Task.Delay(100);
        }
    }
}
