using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Events;

/// <summary>
/// Writes an event to the account's webhook outbox (<see cref="RedisKeys.AccountEvents"/>: fields <c>type</c>, <c>at</c> in Unix
/// ms from the service clock, <c>data</c> a snake_case JSON object), only when the account has webhook endpoints: the check
/// and the append are one atomic step, so an account nobody listens for collects nothing. The webhook worker delivers it.
/// </summary>
/// <remarks>
/// Written after the change it reports, as a second step: if Redis fails in between, the change stands and the event is
/// lost (logged). Callers never fail a change for its event.
/// </remarks>
public sealed partial class AccountEventOutbox(IConnectionMultiplexer redis, TimeProvider timeProvider, ILogger<AccountEventOutbox> logger)
{
    /// <summary>Entries kept per account (approximately: <c>XADD MAXLEN ~</c>); the worker reads far faster than that fills.</summary>
    public const int MaxLength = 1000;

    private static readonly JsonSerializerOptions DataJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Appends <paramref name="type"/> with <paramref name="data"/> (serialized with snake_case names); true when written.</summary>
    public Task<bool> AppendAsync(string accountId, string type, object data, CancellationToken cancellationToken = default) =>
        AppendAsync(accountId, type, data, once: null, cancellationToken);

    /// <summary>
    /// Appends the event unless <paramref name="member"/> is in the set <paramref name="announced"/> (a key of the account's
    /// slot), and adds it there in the same step: an event that must go out once, e.g. one per key.
    /// </summary>
    public Task<bool> AppendOnceAsync(string accountId, string type, object data, RedisKey announced, RedisValue member,
        CancellationToken cancellationToken = default) =>
        AppendAsync(accountId, type, data, (announced, member), cancellationToken);

    private async Task<bool> AppendAsync(string accountId, string type, object data, (RedisKey Set, RedisValue Member)? once,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = JsonSerializer.Serialize(data, data.GetType(), DataJson);
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            transaction.AddCondition(Condition.KeyExists(RedisKeys.AccountWebhooks(accountId)));
            if (once is var (set, member))
            {
                transaction.AddCondition(Condition.SetNotContains(set, member));
                _ = transaction.SetAddAsync(set, member);
            }
            _ = transaction.StreamAddAsync(RedisKeys.AccountEvents(accountId),
                [
                    new NameValueEntry("type", type),
                    new NameValueEntry("at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
                    new NameValueEntry("data", json),
                ],
                maxLength: MaxLength, useApproximateMaxLength: true);
            return await transaction.ExecuteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.AppendFailed(logger, e, type, accountId);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The {Type} event of account {AccountId} could not be written to its webhook outbox; it will not be delivered.")]
        public static partial void AppendFailed(ILogger logger, Exception exception, string type, string accountId);
    }
}
