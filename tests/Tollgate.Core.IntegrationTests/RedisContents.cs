using StackExchange.Redis;
using Tollgate.Testing;

namespace Tollgate.Core.IntegrationTests;

/// <summary>Reads back everything Redis holds, to prove what is not in it.</summary>
internal static class RedisContents
{
    /// <summary>Every key name and every stored string: values, hash fields and values, set and list members.</summary>
    public static async Task<IReadOnlyList<string>> AllStringsAsync(TestRedis redis)
    {
        var db = redis.Database;
        var strings = new List<string>();
        foreach (var key in await redis.KeysAsync("*"))
        {
            strings.Add(key.ToString());
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    strings.Add((await db.StringGetAsync(key)).ToString());
                    break;
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key))
                    {
                        strings.Add(entry.Name.ToString());
                        strings.Add(entry.Value.ToString());
                    }
                    break;
                case RedisType.Set:
                    strings.AddRange((await db.SetMembersAsync(key)).Select(m => m.ToString()));
                    break;
                case RedisType.SortedSet:
                    strings.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(m => m.ToString()));
                    break;
                case RedisType.List:
                    strings.AddRange((await db.ListRangeAsync(key)).Select(m => m.ToString()));
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected type of {key}; teach this helper to read it.");
            }
        }
        return strings;
    }
}
