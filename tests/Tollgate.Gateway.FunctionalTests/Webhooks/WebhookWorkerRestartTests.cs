using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Gateway.FunctionalTests.Webhooks;

/// <summary>
/// The outbox and the retry schedule live in Redis: events written while no gateway runs, and a delivery that was failing
/// when its gateway stopped, all arrive once the next gateway starts, each succeeding once, under the id it had.
/// </summary>
public sealed class WebhookWorkerRestartTests
{
    [Test]
    public async Task GatewayStopsWhileDeliveriesFail_NextGatewayDeliversEverything_EachSucceedingOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var upstream = new UpstreamHost();
        await using var admin = new AdminApiHost(WebhookSettings.Fast());
        using var adminClient = admin.CreateClient();
        var id = await adminClient.CreateAccountIdAsync();
        var (_, secret) = await WebhookSettings.RegisterAsync(adminClient, id, receiver.UrlFor("restart"));
        receiver.AnswerNext("restart", Enumerable.Repeat(500, 50).ToArray());

        var first = new GatewayHost(upstream.Address, WebhookSettings.Fast());
        _ = first.Services;
        await AddEventAsync(id, 1);
        var failing = await receiver.WaitForAsync("restart", count: 2);
        await first.DisposeAsync();

        await AddEventAsync(id, 2);
        await AddEventAsync(id, 3);
        receiver.AnswerNormally("restart");
        await using var second = new GatewayHost(upstream.Address, WebhookSettings.Fast());
        _ = second.Services;

        var succeeded = await receiver.WaitForAsync("restart", count: 3, match: r => r.Answered == 204);
        await Task.Delay(TimeSpan.FromSeconds(2));
        succeeded = [.. receiver.To("restart").Where(r => r.Answered == 204)];
        Assert.Multiple(() =>
        {
            Assert.That(failing.Select(r => r.Id).Distinct(), Has.Exactly(1).Items, "the failing event kept its id across attempts");
            Assert.That(succeeded.Select(r => r.Json.GetProperty("data").GetProperty("n").GetInt32()), Is.EquivalentTo((int[])[1, 2, 3]),
                "every event succeeded exactly once");
            Assert.That(succeeded.Single(r => r.Json.GetProperty("data").GetProperty("n").GetInt32() == 1).Id, Is.EqualTo(failing[0].Id));
            Assert.That(succeeded.All(r => r.IsSignedWith(secret)), Is.True);
        });
    }

    private static Task<RedisValue> AddEventAsync(string accountId, int n) =>
        RedisSetUp.Redis.Multiplexer.GetDatabase().StreamAddAsync(RedisKeys.AccountEvents(accountId),
        [
            new NameValueEntry("type", "usage.limited"),
            new NameValueEntry("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            new NameValueEntry("data", $$"""{"window":"hour","limit":60,"retry_after_seconds":30,"n":{{n}}}"""),
        ]);
}
