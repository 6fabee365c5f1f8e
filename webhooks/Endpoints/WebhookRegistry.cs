using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core;
using Tollgate.Core.Redis;
using Tollgate.Webhooks.Delivery;
using Tollgate.Webhooks.Signing;

namespace Tollgate.Webhooks.Endpoints;

/// <summary>
/// An account's webhook endpoints in <see cref="RedisKeys.AccountWebhooks"/> (endpoint id to <see cref="StoredEndpoint"/>),
/// their delivery log and redelivery. Registering puts the account in <see cref="RedisKeys.WebhookAccounts"/>, where the
/// worker looks; the worker takes it out once its last endpoint is gone. Checks of URLs are the caller's (<c>WebhookTargets</c>).
/// </summary>
internal sealed class WebhookRegistry(IConnectionMultiplexer redis, RedeliverScript redeliver, IOptions<WebhookOptions> options, TimeProvider timeProvider)
{
    /// <summary>What every endpoint id starts with.</summary>
    public const string IdMarker = "wh_";

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>True when <paramref name="id"/> looks like an endpoint id.</summary>
    public static bool IsEndpointId(string id) => Ids.IsWellFormed(id, IdMarker);

    /// <summary>True when <paramref name="id"/> looks like a message id (<c>msg_</c> and 26 hex digits).</summary>
    public static bool IsMessageId(string id) =>
        id.Length == 30 && id.StartsWith("msg_", StringComparison.Ordinal) && id[4..].All(char.IsAsciiHexDigitLower);

    /// <summary>Registers an endpoint with a new secret, within <see cref="WebhookOptions.MaxEndpointsPerAccount"/>.</summary>
    public async Task<RegistrationResult> CreateAsync(string accountId, Uri url, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var secret = WebhookSecrets.New();
        var endpoint = new StoredEndpoint(IdMarker + RandomNumberGenerator.GetString(IdAlphabet, 16), url.AbsoluteUri, events,
            [new StoredSecret(secret, null)], timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var max = options.Value.MaxEndpointsPerAccount;
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(RedisKeys.Account(accountId)));
        transaction.AddCondition(Condition.HashLengthLessThan(RedisKeys.AccountWebhooks(accountId), max));
        _ = transaction.HashSetAsync(RedisKeys.AccountWebhooks(accountId), endpoint.Id, Serialize(endpoint));
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            return await db.KeyExistsAsync(RedisKeys.Account(accountId)).ConfigureAwait(false)
                ? new RegistrationResult.LimitReached(max)
                : new RegistrationResult.AccountNotFound();
        }
        await db.SetAddAsync(RedisKeys.WebhookAccounts, accountId).ConfigureAwait(false);
        return new RegistrationResult.Created(endpoint, secret);
    }

    /// <summary>The account's endpoints, oldest first.</summary>
    public async Task<IReadOnlyList<StoredEndpoint>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().HashGetAllAsync(RedisKeys.AccountWebhooks(accountId)).ConfigureAwait(false);
        return [.. entries.Select(e => Deserialize(e.Value)).OfType<StoredEndpoint>().OrderBy(e => e.CreatedAtMs).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>One endpoint, or null.</summary>
    public async Task<StoredEndpoint?> GetAsync(string accountId, string endpointId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Deserialize(await redis.GetDatabase().HashGetAsync(RedisKeys.AccountWebhooks(accountId), endpointId).ConfigureAwait(false));
    }

    /// <summary>Deletes an endpoint with its pending deliveries and its log; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string accountId, string endpointId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        if (!await db.HashDeleteAsync(RedisKeys.AccountWebhooks(accountId), endpointId).ConfigureAwait(false))
        {
            return false;
        }
        var fields = await FieldsOfAsync(db, accountId, endpointId).ConfigureAwait(false);
        if (fields.Length > 0)
        {
            var batch = db.CreateTransaction();
            _ = batch.SortedSetRemoveAsync(RedisKeys.AccountWebhookLog(accountId), fields);
            _ = batch.SortedSetRemoveAsync(RedisKeys.AccountWebhookDue(accountId), fields);
            _ = batch.HashDeleteAsync(RedisKeys.AccountWebhookDeliveries(accountId), fields);
            await batch.ExecuteAsync().ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Gives the endpoint a new secret; the ones signing now keep signing beside it for <see cref="WebhookOptions.PreviousSecretHours"/>
    /// (receivers accept any matching signature). The new secret and when the previous one stops, or null when there is no endpoint.
    /// </summary>
    public async Task<(string Secret, DateTimeOffset PreviousUntil)?> RotateSecretAsync(string accountId, string endpointId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.AccountWebhooks(accountId);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = await db.HashGetAsync(key, endpointId).ConfigureAwait(false);
            if (Deserialize(stored) is not { } endpoint)
            {
                return null;
            }
            var now = timeProvider.GetUtcNow();
            var until = now.AddHours(options.Value.PreviousSecretHours);
            var secret = WebhookSecrets.New();
            var kept = endpoint.Secrets
                .Where(s => s.ExpiresAtMs is not { } ends || ends > now.ToUnixTimeMilliseconds())
                .Select(s => s with { ExpiresAtMs = Math.Min(s.ExpiresAtMs ?? long.MaxValue, until.ToUnixTimeMilliseconds()) });
            var rotated = endpoint with { Secrets = [new StoredSecret(secret, null), .. kept] };
            // Written only over the record read, so two rotations at once both leave a signing secret behind.
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.HashEqual(key, endpointId, stored));
            _ = transaction.HashSetAsync(key, endpointId, Serialize(rotated));
            if (await transaction.ExecuteAsync().ConfigureAwait(false))
            {
                return (secret, until);
            }
        }
    }

    /// <summary>The endpoint's logged deliveries, newest first, at most <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(string accountId, string endpointId, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var fields = (await FieldsOfAsync(db, accountId, endpointId).ConfigureAwait(false)).Take(count).ToArray();
        if (fields.Length == 0)
        {
            return [];
        }
        var values = await db.HashGetAsync(RedisKeys.AccountWebhookDeliveries(accountId), fields).ConfigureAwait(false);
        return [.. values.Where(v => v.HasValue).Select(v => JsonSerializer.Deserialize<DeliveryRecord>(v.ToString(), WebhookJson.Options)).OfType<DeliveryRecord>()];
    }

    /// <summary>Makes a logged delivery due now, retried for a new <see cref="WebhookOptions.RetryForHours"/>; false when it is not in the log.</summary>
    public async Task<bool> RedeliverAsync(string accountId, string endpointId, string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = timeProvider.GetUtcNow();
        return await redeliver.EvaluateAsync(redis.GetDatabase(), accountId, $"{endpointId}/{messageId}", now,
            now.AddHours(options.Value.RetryForHours)).ConfigureAwait(false);
    }

    /// <summary>The endpoint's fields in the delivery log, newest first.</summary>
    private static async Task<RedisValue[]> FieldsOfAsync(IDatabase db, string accountId, string endpointId)
    {
        var all = await db.SortedSetRangeByRankAsync(RedisKeys.AccountWebhookLog(accountId), order: Order.Descending).ConfigureAwait(false);
        var prefix = endpointId + "/";
        return [.. all.Where(f => f.ToString().StartsWith(prefix, StringComparison.Ordinal))];
    }

    private static string Serialize(StoredEndpoint endpoint) => JsonSerializer.Serialize(endpoint, WebhookJson.Options);

    private static StoredEndpoint? Deserialize(RedisValue value) =>
        value.HasValue ? JsonSerializer.Deserialize<StoredEndpoint>(value.ToString(), WebhookJson.Options) : null;
}
