using Tollgate.Core.Tiers;

namespace Tollgate.Core.Keys;

/// <summary>
/// The words a key's <see cref="ApiKeyRecord.Scopes"/> may hold: the features of the tier catalogue, and
/// <see cref="Account"/>. A key without scopes may do everything its tier allows, managing the account included.
/// </summary>
public static class KeyScopes
{
    /// <summary>
    /// Managing the account: opening a dashboard session, creating and revoking keys, changing the tier. A scoped
    /// key needs it for any of these; an unscoped key has it implicitly.
    /// </summary>
    public const string Account = "account";

    /// <summary>True when <paramref name="scope"/> is <see cref="Account"/> or a feature of some tier.</summary>
    public static bool IsKnown(string scope, TierCatalog catalog) => scope == Account || catalog.IsKnownFeature(scope);

    /// <summary>Every scope a key may name: <see cref="Account"/>, then the catalogue's features cheapest tier first.</summary>
    public static IEnumerable<string> All(TierCatalog catalog) =>
        catalog.Ordered.SelectMany(t => t.Features).Prepend(Account).Distinct(StringComparer.Ordinal);
}
