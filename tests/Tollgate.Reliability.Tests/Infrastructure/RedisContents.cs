using System.Text;
using StackExchange.Redis;
using Tollgate.Testing;

namespace Tollgate.Reliability.Tests.Infrastructure;

/// <summary>Everything a Redis holds, for before/after comparisons and for looking for secrets.</summary>
public static class RedisContents
{
    /// <summary>Every key with its serialized value (DUMP) and whether it has a TTL: equal snapshots mean nothing was written.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(TestRedis redis)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in await redis.KeysAsync("*"))
        {
            var dump = await redis.Database.KeyDumpAsync(key);
            if (dump is not null)
            {
                snapshot[key.ToString()] = Convert.ToBase64String(dump);
            }
        }
        return snapshot;
    }

    /// <summary>What changed between two snapshots, one line per key; empty when nothing did.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var changes = new List<string>();
        foreach (var (key, value) in after)
        {
            if (!before.TryGetValue(key, out var old))
            {
                changes.Add("added " + key);
            }
            else if (old != value)
            {
                changes.Add("changed " + key);
            }
        }
        changes.AddRange(before.Keys.Where(k => !after.ContainsKey(k)).Select(k => "removed " + k));
        return changes;
    }

    /// <summary>Every key name and every value of every type (strings, hashes, sets, sorted sets, lists, streams) as text.</summary>
    public static async Task<string> AllTextAsync(IConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        var text = new StringBuilder();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 1000))
            {
                text.Append("KEY ").AppendLine(key.ToString());
                switch (await db.KeyTypeAsync(key))
                {
                    case RedisType.String:
                        text.AppendLine(await db.StringGetAsync(key));
                        break;
                    case RedisType.Hash:
                        foreach (var entry in await db.HashGetAllAsync(key))
                        {
                            text.Append(entry.Name.ToString()).Append('=').AppendLine(entry.Value.ToString());
                        }
                        break;
                    case RedisType.Set:
                        foreach (var member in await db.SetMembersAsync(key))
                        {
                            text.AppendLine(member.ToString());
                        }
                        break;
                    case RedisType.SortedSet:
                        foreach (var entry in await db.SortedSetRangeByRankWithScoresAsync(key))
                        {
                            text.AppendLine(entry.Element.ToString());
                        }
                        break;
                    case RedisType.List:
                        foreach (var item in await db.ListRangeAsync(key))
                        {
                            text.AppendLine(item.ToString());
                        }
                        break;
                    case RedisType.Stream:
                        foreach (var entry in await db.StreamRangeAsync(key))
                        {
                            foreach (var field in entry.Values)
                            {
                                text.Append(field.Name.ToString()).Append('=').AppendLine(field.Value.ToString());
                            }
                        }
                        break;
                    default:
                        text.AppendLine("(other type)");
                        break;
                }
            }
        }
        return text.ToString();
    }
}
