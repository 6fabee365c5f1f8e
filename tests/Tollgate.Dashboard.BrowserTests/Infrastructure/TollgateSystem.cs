using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Testing;

namespace Tollgate.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// The whole system on loopback sockets: Redis, the sample upstream, the operators' admin API and the gateway, which
/// serves the dashboard itself. What tests need besides the browser: set-up through the admin API while it runs (then
/// through core's services in the gateway: <see cref="StopAdminApiAsync"/>) and weather calls through the gateway.
/// </summary>
public sealed class TollgateSystem : IAsyncDisposable
{
    private readonly TestRedis _redis;
    private readonly UpstreamHost _upstream;
    private readonly HttpClient _admin;
    private readonly HttpClient _consumer;

    private TollgateSystem(TestRedis redis, UpstreamHost upstream, AdminApiHost adminApi, GatewayHost gateway)
    {
        _redis = redis;
        _upstream = upstream;
        AdminApi = adminApi;
        Gateway = gateway;
        _admin = new HttpClient { BaseAddress = adminApi.Address, Timeout = TimeSpan.FromSeconds(30) };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminApiHost.Token);
        _consumer = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public AdminApiHost AdminApi { get; }

    /// <summary>False once <see cref="StopAdminApiAsync"/> has stopped the admin API.</summary>
    public bool AdminApiRunning { get; private set; } = true;

    public GatewayHost Gateway { get; }

    /// <summary>The dashboard's address through the gateway, as a consumer opens it.</summary>
    public string DashboardUrl => new Uri(Gateway.Address, "/dashboard").ToString();

    /// <summary>Which Redis the run uses, for the test log.</summary>
    public string RedisDescription => _redis.Description;

    public static async Task<TollgateSystem> StartAsync()
    {
        var redis = await TestRedis.CreateAsync();
        var upstream = new UpstreamHost();
        var adminApi = new AdminApiHost(kestrel: true, redisConnectionString: redis.ConnectionString);
        var gateway = new GatewayHost(upstream.Address, new Dictionary<string, string?>
        {
            // The journey upgrades as a demo does; without a payment provider the upgrade is refused (Gateway functional tests).
            ["Billing:Provider"] = "Simulated",
            // The tests' own HTTP client stands for a TLS-terminating proxy on the same host (ClientAddressTests).
            ["Gateway:TrustedProxies:0"] = "127.0.0.1",
        }, kestrel: true, redisConnectionString: redis.ConnectionString);
        return new TollgateSystem(redis, upstream, adminApi, gateway);
    }

    /// <summary>
    /// A new account of <paramref name="tier"/> with one key named "laptop": made through the admin API while it runs,
    /// through core's services (as the admin API would) once it is stopped.
    /// </summary>
    public async Task<Consumer> CreateConsumerAsync(string tier)
    {
        var email = $"dev-{Guid.NewGuid().ToString("N")[..8]}@example.com";
        if (!AdminApiRunning)
        {
            var account = await Gateway.Services.GetRequiredService<IAccountStore>().CreateAsync(email, tier, CancellationToken.None);
            Assert.That(account, Is.Not.Null, "a fresh email");
            var issued = await IssueAsync(account!.Id, new NewApiKey("laptop"));
            return new Consumer(account.Id, email, issued.RawKey, issued.Record.KeyId);
        }
        using var created = await _admin.PostAsJsonAsync("/admin/accounts", new { email, tier });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var accountId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var key = await _admin.PostAsJsonAsync($"/admin/accounts/{accountId}/keys", new { name = "laptop" });
        Assert.That(key.StatusCode, Is.EqualTo(HttpStatusCode.Created), await key.Content.ReadAsStringAsync());
        var body = await key.Content.ReadFromJsonAsync<JsonElement>();
        return new Consumer(accountId, email, body.GetProperty("api_key").GetString()!, body.GetProperty("key_id").GetString()!);
    }

    /// <summary>Issues <paramref name="key"/> for <paramref name="accountId"/> within its tier's key limit, through core's services; the raw key.</summary>
    public async Task<string> CreateKeyAsync(string accountId, NewApiKey key) => (await IssueAsync(accountId, key)).RawKey;

    /// <summary>Stops the admin API process for the rest of the run: the consumer side must not need it.</summary>
    public async Task StopAdminApiAsync()
    {
        if (AdminApiRunning)
        {
            AdminApiRunning = false;
            await AdminApi.DisposeAsync();
        }
    }

    private Task<IssuedApiKey> IssueAsync(string accountId, NewApiKey key) => Gateway.Services.IssueKeyAsync(accountId, key);

    /// <summary>One GET through the gateway with <paramref name="rawKey"/> in X-API-Key; its status.</summary>
    public async Task<HttpStatusCode> CallAsync(string rawKey, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Add("X-API-Key", rawKey);
        using var response = await _consumer.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary><paramref name="count"/> current-weather calls, all of which must be admitted.</summary>
    public async Task CallWeatherAsync(string rawKey, int count)
    {
        string[] cities = ["London", "Paris", "Oslo", "Lisbon", "Berlin", "Madrid", "Rome"];
        for (var i = 0; i < count; i++)
        {
            var status = await CallAsync(rawKey, $"/api/v3/weather/current?city={cities[i % cities.Length]}");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"weather call {i + 1} of {count}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _consumer.Dispose();
        await Gateway.DisposeAsync();
        await StopAdminApiAsync();
        await _upstream.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
