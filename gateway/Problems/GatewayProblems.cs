namespace Tollgate.Gateway.Problems;

/// <summary>Every error the gateway itself answers with. Types never change once published.</summary>
internal static class GatewayProblems
{
    public static readonly ProblemKind KeyMissing = new(401, "api-key-missing", "API key required");
    public static readonly ProblemKind KeyAmbiguous = new(400, "api-key-ambiguous", "More than one API key");
    public static readonly ProblemKind KeyMalformed = new(401, "api-key-malformed", "Malformed API key");
    public static readonly ProblemKind KeyUnknown = new(401, "api-key-unknown", "Unknown API key");
    public static readonly ProblemKind KeyRevoked = new(401, "api-key-revoked", "Revoked API key");
    public static readonly ProblemKind KeyExpired = new(401, "api-key-expired", "Expired API key");
    public static readonly ProblemKind TooManyFailedAuthentications = new(429, "too-many-failed-authentications", "Too many failed authentications");
    public static readonly ProblemKind AddressNotAllowed = new(403, "address-not-allowed", "API key not allowed from this address");
    public static readonly ProblemKind TierUnavailable = new(403, "tier-unavailable", "Subscription tier unavailable");
    public static readonly ProblemKind FeatureNotInTier = new(403, "feature-not-in-tier", "Feature not included in your tier");
    public static readonly ProblemKind FeatureNotInKeyScope = new(403, "feature-not-in-key-scope", "Feature outside this key's scopes");
    public static readonly ProblemKind KeyCannotManageAccount = new(403, "key-cannot-manage-account", "This key cannot manage the account");
    public static readonly ProblemKind PaymentRequired = new(402, "payment-required", "Payment required");
    public static readonly ProblemKind RateLimited = new(429, "rate-limited", "Rate limit exceeded");
    public static readonly ProblemKind InvalidParameter = new(400, "invalid-parameter", "Invalid parameter");
    public static readonly ProblemKind UnknownTier = new(400, "unknown-tier", "Unknown tier");
    public static readonly ProblemKind TooManyKeysForTier = new(409, "too-many-keys-for-tier", "Too many active keys for that tier");
    public static readonly ProblemKind ConcurrentChange = new(409, "concurrent-change", "The subscription changed meanwhile");
    public static readonly ProblemKind PaymentDeclined = new(402, "payment-declined", "Payment declined");
    public static readonly ProblemKind LimiterUnavailable = new(503, "limiter-unavailable", "Rate limiter unavailable");
}
