namespace Tollgate.Core.Keys;

/// <summary>Why <see cref="KeyAccess"/> refused a key something; <see cref="None"/> when it did not.</summary>
public enum KeyRefusal
{
    /// <summary>Allowed.</summary>
    None,

    /// <summary>The key has been revoked.</summary>
    Revoked,

    /// <summary>The key is set aside while the account's tier allows fewer keys (<see cref="Accounts.AccountRecord.DisabledKeyIds"/>); it comes back on a move up.</summary>
    Disabled,

    /// <summary>The key is past its expiry.</summary>
    Expired,

    /// <summary>The client address lies outside the key's <see cref="ApiKeyRecord.AllowedIps"/>.</summary>
    AddressNotAllowed,

    /// <summary>The account's tier does not include the feature.</summary>
    FeatureNotInTier,

    /// <summary>The key's scopes leave the feature out.</summary>
    FeatureNotInKeyScope,

    /// <summary>The key has scopes and <see cref="KeyScopes.Account"/> is not among them.</summary>
    CannotManageAccount,
}
