using Tollgate.Core.Keys;

namespace Tollgate.SelfService.Contracts;

/// <summary>A key named in an error answer, e.g. one to revoke before a downgrade.</summary>
/// <param name="KeyId">Its id.</param>
/// <param name="Name">Its label.</param>
/// <param name="Prefix">Its first characters.</param>
/// <param name="CreatedAt">When it was issued.</param>
public sealed record KeySummary(string KeyId, string Name, string Prefix, DateTimeOffset CreatedAt)
{
    public static KeySummary From(ApiKeyRecord key) => new(key.KeyId, key.Name, key.Prefix, key.CreatedAt);
}
