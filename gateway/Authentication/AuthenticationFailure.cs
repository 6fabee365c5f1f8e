namespace Tollgate.Gateway.Authentication;

/// <summary>Why a request could not be tied to a consumer.</summary>
internal enum AuthenticationFailure
{
    /// <summary>It was tied to a consumer.</summary>
    None,

    /// <summary>No key in the header or the query.</summary>
    Missing,

    /// <summary>Several keys, or different keys in header and query.</summary>
    Ambiguous,

    /// <summary>Not the shape of a key, or the checksum is wrong; Redis was not asked.</summary>
    Malformed,

    /// <summary>Well-formed but not issued (or its account is gone).</summary>
    Unknown,

    /// <summary>Issued and revoked.</summary>
    Revoked,

    /// <summary>Issued, and disabled while the account's tier allows fewer keys.</summary>
    Disabled,

    /// <summary>Issued and past its expiry.</summary>
    Expired,

    /// <summary>The key may not be used from the caller's address.</summary>
    AddressNotAllowed,

    /// <summary>The account's tier is missing from the catalogue.</summary>
    TierUnavailable,
}
