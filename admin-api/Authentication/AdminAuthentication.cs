using System.Security.Claims;

namespace Tollgate.AdminApi.Authentication;

/// <summary>Names of the admin authentication scheme, its policy and claim.</summary>
internal static class AdminAuthentication
{
    /// <summary>The bearer-token scheme of <see cref="AdminTokenAuthenticationHandler"/>.</summary>
    public const string Scheme = "AdminBearer";

    /// <summary>The authorization policy every admin endpoint requires.</summary>
    public const string Policy = "Admin";

    /// <summary>Claim holding the id (never the value) of the token the caller presented.</summary>
    public const string TokenIdClaim = "tollgate:admin_token_id";

    /// <summary>The token id of an authenticated admin, for the audit log.</summary>
    public static string TokenIdOf(ClaimsPrincipal admin) => admin.FindFirstValue(TokenIdClaim) ?? "unknown";
}
