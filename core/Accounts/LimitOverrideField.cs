using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Tollgate.Core.Accounts;

/// <summary>
/// The account hash field holding a <see cref="LimitOverride"/>, as one JSON object (snake_case, <c>expires_at</c> in Unix
/// ms), so setting or replacing the whole override is one field write.
/// </summary>
internal static class LimitOverrideField
{
    public const string Name = "limits";

    public static RedisValue Write(LimitOverride limits)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteNumber(json, "requests_per_hour", limits.PerHour);
            WriteNumber(json, "requests_per_day", limits.PerDay);
            WriteNumber(json, "requests_per_month", limits.PerMonth);
            WriteNumber(json, "max_keys", limits.MaxKeys);
            if (limits.Features is { } features)
            {
                json.WriteStartArray("features");
                foreach (var feature in features)
                {
                    json.WriteStringValue(feature);
                }
                json.WriteEndArray();
            }
            WriteNumber(json, "expires_at", limits.ExpiresAt?.ToUnixTimeMilliseconds());
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The override stored in <paramref name="value"/>; null when there is none or it cannot be read (then the tier applies).</summary>
    public static LimitOverride? Read(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(value.ToString());
            var root = document.RootElement;
            return new LimitOverride(
                Long(root, "requests_per_hour"),
                Long(root, "requests_per_day"),
                Long(root, "requests_per_month"),
                Long(root, "max_keys") is { } max ? (int)max : null,
                root.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array
                    ? [.. features.EnumerateArray().Select(f => f.GetString() ?? "")]
                    : null,
                Long(root, "expires_at") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static long? Long(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
