using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Invalidation;
using Tollgate.Core.Keys;
using Tollgate.Core.Redis;

namespace Tollgate.AdminApi.FunctionalTests.Propagation;

/// <summary>Every change the gateways cache is announced on the invalidation channel they listen to.</summary>
public sealed class InvalidationTests : AdminApiTestBase
{
    private ChannelMessageQueue _queue = null!;
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();

    [OneTimeSetUp]
    public async Task SubscribeAsync()
    {
        _queue = await RedisSetUp.Redis.Multiplexer.GetSubscriber().SubscribeAsync(RedisKeys.Invalidations);
        _queue.OnMessage(message => _messages.Writer.TryWrite(message.Message.ToString()));
    }

    [OneTimeTearDown]
    public async Task UnsubscribeAsync() => await _queue.UnsubscribeAsync();

    [Test]
    public async Task RevokeKey_AnnouncesTheKey()
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id);
        Drain();

        using (await Client.DeleteAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}"))
        {
        }

        Assert.That(await ReceivedAsync(KeyMessage(key.Str("api_key"))), Is.True);
    }

    [Test]
    public async Task RotateKey_AnnouncesTheOldKey()
    {
        var id = await Client.CreateAccountIdAsync();
        var key = await Client.CreateKeyAsync(id);
        Drain();

        using (await Client.PostAsJsonAsync($"/admin/accounts/{id}/keys/{key.Str("key_id")}/rotate", new { grace_period_seconds = 30 }))
        {
        }

        Assert.That(await ReceivedAsync(KeyMessage(key.Str("api_key"))), Is.True);
    }

    [Test]
    public async Task ChangeTier_AnnouncesTheAccount()
    {
        var id = await Client.CreateAccountIdAsync();
        Drain();

        using (await Client.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" }))
        {
        }

        Assert.That(await ReceivedAsync(CacheInvalidation.ForAccount(id).ToString()), Is.True);
    }

    [Test]
    public async Task DeleteAccount_AnnouncesTheAccountAndEachKey()
    {
        var id = await Client.CreateAccountIdAsync("pro");
        var first = await Client.CreateKeyAsync(id);
        var second = await Client.CreateKeyAsync(id);
        Drain();

        using (await Client.DeleteAsync($"/admin/accounts/{id}"))
        {
        }

        Assert.That(await ReceivedAsync(
            CacheInvalidation.ForAccount(id).ToString(), KeyMessage(first.Str("api_key")), KeyMessage(second.Str("api_key"))), Is.True);
    }

    private string KeyMessage(string rawKey) =>
        CacheInvalidation.ForKey(Host.Services.GetRequiredService<ApiKeyHasher>().Hash(rawKey)).ToString();

    private void Drain()
    {
        while (_messages.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>True once every one of <paramref name="expected"/> has arrived, false after 5 s.</summary>
    private async Task<bool> ReceivedAsync(params string[] expected)
    {
        var missing = new HashSet<string>(expected);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (missing.Count > 0)
            {
                missing.Remove(await _messages.Reader.ReadAsync(timeout.Token));
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
