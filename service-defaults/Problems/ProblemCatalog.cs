namespace Tollgate.ServiceDefaults.Problems;

/// <summary>
/// Every error Tollgate answers with, in every service: one type URI, one status, one title. Types never change
/// once published; a kind both the gateway and the admin API answer with is declared once here.
/// </summary>
public static class ProblemCatalog
{
    // Consumers' API keys (gateway, dashboard sign-in).
    public static readonly ProblemKind KeyMissing = new(401, "api-key-missing", "API key required");
    public static readonly ProblemKind KeyAmbiguous = new(400, "api-key-ambiguous", "More than one API key");
    public static readonly ProblemKind KeyMalformed = new(401, "api-key-malformed", "Malformed API key");
    public static readonly ProblemKind KeyUnknown = new(401, "api-key-unknown", "Unknown API key");
    public static readonly ProblemKind KeyRevoked = new(401, "api-key-revoked", "Revoked API key");
    public static readonly ProblemKind KeyExpired = new(401, "api-key-expired", "Expired API key");
    public static readonly ProblemKind KeyDisabled = new(401, "api-key-disabled", "API key disabled by the account's plan");
    public static readonly ProblemKind TooManyFailedAuthentications = new(429, "too-many-failed-authentications", "Too many failed authentications");

    // What a key may do (KeyAccess).
    public static readonly ProblemKind AddressNotAllowed = new(403, "address-not-allowed", "API key not allowed from this address");
    public static readonly ProblemKind FeatureNotInTier = new(403, "feature-not-in-tier", "Feature not included in your tier");
    public static readonly ProblemKind FeatureNotInKeyScope = new(403, "feature-not-in-key-scope", "Feature outside this key's scopes");
    public static readonly ProblemKind KeyCannotManageAccount = new(403, "key-cannot-manage-account", "This key cannot manage the account");
    public static readonly ProblemKind KeyWiderThanSession = new(403, "key-wider-than-session", "Key wider than the one signed in with");

    // Limits.
    public static readonly ProblemKind RateLimited = new(429, "rate-limited", "Rate limit exceeded");
    public static readonly ProblemKind LimiterUnavailable = new(503, "limiter-unavailable", "Rate limiter unavailable");

    // Accounts, tiers and keys, whoever changes them.
    public static readonly ProblemKind UnknownTier = new(400, "unknown-tier", "Unknown tier");
    public static readonly ProblemKind TierUnavailable = new(409, "tier-unavailable", "Account's tier not in the catalogue");
    public static readonly ProblemKind TooManyKeysForTier = new(409, "too-many-keys-for-tier", "Too many active keys for that tier");
    public static readonly ProblemKind ConcurrentChange = new(409, "concurrent-change", "Changed concurrently");
    public static readonly ProblemKind PaymentRequired = new(402, "payment-required", "Payment required");
    public static readonly ProblemKind PaymentDeclined = new(402, "payment-declined", "Payment declined");
    public static readonly ProblemKind BillingUnavailable = new(503, "billing-unavailable", "Payment provider unavailable");
    public static readonly ProblemKind NoBillingAccount = new(409, "no-billing-account", "No billing account");
    public static readonly ProblemKind WebhookSignatureInvalid = new(400, "webhook-signature-invalid", "Webhook signature invalid");
    public static readonly ProblemKind AccountNotFound = new(404, "account-not-found", "Account not found");
    public static readonly ProblemKind KeyNotFound = new(404, "key-not-found", "API key not found");
    public static readonly ProblemKind EmailTaken = new(409, "email-taken", "Email already has an account");
    public static readonly ProblemKind KeyLimitReached = new(409, "key-limit-reached", "Key limit of the tier reached");
    public static readonly ProblemKind KeyNotActive = new(409, "key-not-active", "API key not active");

    // Webhook endpoints, from the admin API and the dashboard.
    public static readonly ProblemKind WebhookNotFound = new(404, "webhook-not-found", "Webhook endpoint not found");
    public static readonly ProblemKind WebhookDeliveryNotFound = new(404, "webhook-delivery-not-found", "Webhook delivery not found");
    public static readonly ProblemKind WebhookLimitReached = new(409, "webhook-limit-reached", "Webhook endpoint limit reached");
    public static readonly ProblemKind WebhookTargetRefused = new(400, "webhook-target-refused", "Webhook target refused");

    // Requests.
    public static readonly ProblemKind InvalidParameter = new(400, "invalid-parameter", "Invalid parameter");
    public static readonly ProblemKind ValidationFailed = new(400, "validation-failed", "Invalid request");
    public static readonly ProblemKind MalformedRequest = new(400, "malformed-request", "Malformed request");
    public static readonly ProblemKind NotFound = new(404, "not-found", "Not found");
    public static readonly ProblemKind MethodNotAllowed = new(405, "method-not-allowed", "Method not allowed");
    public static readonly ProblemKind PayloadTooLarge = new(413, "payload-too-large", "Request body too large");
    public static readonly ProblemKind UnsupportedMediaType = new(415, "unsupported-media-type", "Unsupported media type");
    public static readonly ProblemKind StoreUnavailable = new(503, "store-unavailable", "Store unavailable");
    public static readonly ProblemKind InternalError = new(500, "internal-error", "Internal error");
    public static readonly ProblemKind RoutePolicyMissing = new(500, "route-policy-missing", "Route has no gateway policy");

    // Services verifying keys (the gateway's POST /v1/keys/verify).
    public static readonly ProblemKind VerifyTokenMissing = new(401, "verify-token-missing", "Verify token required");
    public static readonly ProblemKind VerifyTokenInvalid = new(401, "verify-token-invalid", "Invalid verify token");

    // Operators (admin API).
    public static readonly ProblemKind AdminTokenMissing = new(401, "admin-token-missing", "Admin token required");
    public static readonly ProblemKind AdminTokenInvalid = new(401, "admin-token-invalid", "Invalid admin token");
    public static readonly ProblemKind AdminRoleInsufficient = new(403, "admin-role-insufficient", "Admin role insufficient");

    // The developer dashboard's sessions.
    public static readonly ProblemKind DashboardSessionRequired = new(401, "dashboard-session-required", "Sign-in required");
    public static readonly ProblemKind DashboardSessionEnded = new(401, "dashboard-session-ended", "Session ended");
    public static readonly ProblemKind DashboardSignInRefused = new(401, "dashboard-sign-in-refused", "Sign-in refused");
    public static readonly ProblemKind CsrfTokenInvalid = new(403, "csrf-token-invalid", "Missing or wrong CSRF token");
    public static readonly ProblemKind SignInThrottled = new(429, "sign-in-throttled", "Too many failed sign-ins");
}
