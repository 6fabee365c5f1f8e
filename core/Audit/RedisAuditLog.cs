using System.Text.Json;
using StackExchange.Redis;
using Tollgate.Core.Redis;

namespace Tollgate.Core.Audit;

/// <summary>
/// <see cref="IAuditLog"/> over the Redis stream <see cref="RedisKeys.AuditLog"/>, trimmed to about
/// <see cref="MaxEntries"/> entries (XADD MAXLEN ~, which trims whole nodes and so stays cheap).
/// </summary>
internal sealed class RedisAuditLog(IConnectionMultiplexer redis, TimeProvider timeProvider) : IAuditLog
{
    /// <summary>About how many entries are kept; older ones are dropped.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Entries read per round trip while filtering by account.</summary>
    private const int ReadBatch = 500;

    private const string AtField = "at";
    private const string ActorField = "actor";
    private const string ActorRoleField = "actor_role";
    private const string ActionField = "action";
    private const string AccountField = "account_id";
    private const string KeyField = "key_id";
    private const string DetailsField = "details";

    private static readonly IReadOnlyDictionary<string, string> NoDetails = new Dictionary<string, string>();

    public async Task<AuditEntry> AppendAsync(AuditEvent change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var at = timeProvider.GetUtcNow();
        var details = change.Details ?? NoDetails;
        NameValueEntry[] fields =
        [
            new(AtField, at.ToUnixTimeMilliseconds()),
            new(ActorField, change.Actor),
            new(ActorRoleField, change.ActorRole ?? ""),
            new(ActionField, change.Action),
            new(AccountField, change.AccountId ?? ""),
            new(KeyField, change.KeyId ?? ""),
            new(DetailsField, JsonSerializer.Serialize(details)),
        ];
        var id = await redis.GetDatabase()
            .StreamAddAsync(RedisKeys.AuditLog, fields, maxLength: MaxEntries, useApproximateMaxLength: true)
            .ConfigureAwait(false);
        return new AuditEntry(id.ToString(), at, change.Actor, change.Action, change.AccountId, change.KeyId, details, change.ActorRole);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(int count, string? accountId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var db = redis.GetDatabase();
        var entries = new List<AuditEntry>(Math.Min(count, ReadBatch));
        RedisValue before = "+";
        // Newest first, a batch at a time; filtering by account may walk the whole (capped) stream.
        while (entries.Count < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batchSize = accountId is null ? count - entries.Count : ReadBatch;
            var batch = await db.StreamRangeAsync(RedisKeys.AuditLog, "-", before, batchSize, Order.Descending).ConfigureAwait(false);
            foreach (var item in batch)
            {
                var entry = FromStream(item);
                if ((accountId is null || entry.AccountId == accountId) && entries.Count < count)
                {
                    entries.Add(entry);
                }
            }
            if (batch.Length < batchSize)
            {
                break;
            }
            before = "(" + batch[^1].Id;
        }
        return entries;
    }

    private static AuditEntry FromStream(StreamEntry item)
    {
        var details = item[DetailsField];
        return new AuditEntry(
            item.Id.ToString(),
            DateTimeOffset.FromUnixTimeMilliseconds((long)item[AtField]),
            item[ActorField].ToString(),
            item[ActionField].ToString(),
            NullIfEmpty(item[AccountField]),
            NullIfEmpty(item[KeyField]),
            details.IsNullOrEmpty ? NoDetails : JsonSerializer.Deserialize<Dictionary<string, string>>(details.ToString()) ?? NoDetails,
            // Entries written before roles existed have no role field.
            NullIfEmpty(item[ActorRoleField]));
    }

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();
}
