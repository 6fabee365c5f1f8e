using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Accounts;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

using Tollgate.Testing;

namespace Tollgate.Gateway.FunctionalTests.Propagation;

/// <summary>
/// Two gateway instances on one Redis, each with a warm key cache whose lifetime (60 s) is far longer
/// than the promise: a change made elsewhere must reach both within 1 s, by pub/sub invalidation.
/// </summary>
public sealed class TwoInstancePropagationTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);
    private static readonly Dictionary<string, string?> LongCache = new() { ["Gateway:KeyCache:LifetimeSeconds"] = "60" };

    private UpstreamHost _upstream = null!;
    private GatewayHost _first = null!;
    private GatewayHost _second = null!;
    private HttpClient[] _clients = [];

    [OneTimeSetUp]
    public void Start()
    {
        _upstream = new UpstreamHost();
        _first = new GatewayHost(_upstream.Address, LongCache);
        _second = new GatewayHost(_upstream.Address, LongCache);
        _clients = [_first.CreateClient(), _second.CreateClient()];
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Test]
    public async Task RevokedKey_IsRefusedByBothInstancesWithinOneSecond()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        await ExpectEverywhereAsync(consumer, "/api/v3/weather/current?city=Bern", HttpStatusCode.OK, TimeSpan.Zero);

        var revoked = Stopwatch.StartNew();
        await _first.Services.GetRequiredService<IApiKeyStore>().RevokeAsync(consumer.Account.Id, consumer.Key.KeyId, CancellationToken.None);

        await ExpectEverywhereAsync(consumer, "/api/v3/weather/current?city=Bern", HttpStatusCode.Unauthorized, Promise - revoked.Elapsed);
    }

    [Test]
    public async Task TierUpgrade_UnlocksTheFeatureOnBothInstancesWithinOneSecond()
    {
        var consumer = await _first.CreateConsumerAsync("free");
        await ExpectEverywhereAsync(consumer, "/api/v3/weather/forecast/hourly?city=Bern", HttpStatusCode.Forbidden, TimeSpan.Zero);

        var changed = Stopwatch.StartNew();
        await _second.Services.ChangeTierAsync(consumer.Account.Id, "pro");

        await ExpectEverywhereAsync(consumer, "/api/v3/weather/forecast/hourly?city=Bern", HttpStatusCode.OK, Promise - changed.Elapsed);
    }

    /// <summary>Polls both instances until each answers <paramref name="expected"/>, failing once <paramref name="within"/> has passed.</summary>
    private async Task ExpectEverywhereAsync(TestConsumer consumer, string path, HttpStatusCode expected, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < _clients.Length; i++)
        {
            while (true)
            {
                using var response = await _clients[i].SendAsync(consumer.Get(path));
                if (response.StatusCode == expected)
                {
                    break;
                }
                if (watch.Elapsed > within)
                {
                    Assert.Fail($"Instance {i + 1} still answered {(int)response.StatusCode} instead of {(int)expected} after {watch.ElapsedMilliseconds} ms.");
                }
                await Task.Delay(20);
            }
        }
        await TestContext.Out.WriteLineAsync($"Both instances answered {(int)expected} after {watch.ElapsedMilliseconds} ms.");
    }
}
