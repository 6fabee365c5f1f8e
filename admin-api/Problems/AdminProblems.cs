namespace Tollgate.AdminApi.Problems;

/// <summary>Every error the admin API answers with. Types never change once published.</summary>
internal static class AdminProblems
{
    public static readonly ProblemKind TokenMissing = new(401, "admin-token-missing", "Admin token required");
    public static readonly ProblemKind TokenInvalid = new(401, "admin-token-invalid", "Invalid admin token");
    public static readonly ProblemKind RoleInsufficient = new(403, "admin-role-insufficient", "Admin role insufficient");
    public static readonly ProblemKind ValidationFailed = new(400, "validation-failed", "Invalid request");
    public static readonly ProblemKind MalformedRequest = new(400, "malformed-request", "Malformed request");
    public static readonly ProblemKind UnknownTier = new(400, "unknown-tier", "Unknown tier");
    public static readonly ProblemKind AccountNotFound = new(404, "account-not-found", "Account not found");
    public static readonly ProblemKind KeyNotFound = new(404, "key-not-found", "API key not found");
    public static readonly ProblemKind NotFound = new(404, "not-found", "Not found");
    public static readonly ProblemKind MethodNotAllowed = new(405, "method-not-allowed", "Method not allowed");
    public static readonly ProblemKind EmailTaken = new(409, "email-taken", "Email already has an account");
    public static readonly ProblemKind KeyLimitReached = new(409, "key-limit-reached", "Key limit of the tier reached");
    public static readonly ProblemKind KeyNotActive = new(409, "key-not-active", "API key not active");
    public static readonly ProblemKind TooManyKeysForTier = new(409, "too-many-keys-for-tier", "Too many active keys for that tier");
    public static readonly ProblemKind TierUnavailable = new(409, "tier-unavailable", "Account's tier not in the catalogue");
    public static readonly ProblemKind ConcurrentChange = new(409, "concurrent-change", "Changed concurrently");
    public static readonly ProblemKind PaymentDeclined = new(402, "payment-declined", "Payment declined");
    public static readonly ProblemKind PayloadTooLarge = new(413, "payload-too-large", "Request body too large");
    public static readonly ProblemKind UnsupportedMediaType = new(415, "unsupported-media-type", "Unsupported media type");
    public static readonly ProblemKind StoreUnavailable = new(503, "store-unavailable", "Store unavailable");
    public static readonly ProblemKind InternalError = new(500, "internal-error", "Internal error");

    /// <summary>Every kind, for the OpenAPI description.</summary>
    public static readonly IReadOnlyList<ProblemKind> All =
    [
        TokenMissing, TokenInvalid, RoleInsufficient, ValidationFailed, MalformedRequest, UnknownTier, AccountNotFound, KeyNotFound, NotFound,
        MethodNotAllowed, EmailTaken, KeyLimitReached, KeyNotActive, TooManyKeysForTier, TierUnavailable, ConcurrentChange,
        PaymentDeclined, PayloadTooLarge, UnsupportedMediaType, StoreUnavailable, InternalError,
    ];

    /// <summary>
    /// Gives answers the framework writes itself (unknown route, wrong method, …) a stable type too, so every
    /// problem this service sends has a <c>urn:tollgate:problem:</c> type.
    /// </summary>
    public static void Stamp(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(ProblemKind.TypePrefix, StringComparison.Ordinal) == true)
        {
            return;
        }
        var kind = problem.Status switch
        {
            StatusCodes.Status400BadRequest => MalformedRequest,
            StatusCodes.Status401Unauthorized => TokenMissing,
            StatusCodes.Status403Forbidden => RoleInsufficient,
            StatusCodes.Status404NotFound => NotFound,
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
            StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
            StatusCodes.Status503ServiceUnavailable => StoreUnavailable,
            _ => InternalError,
        };
        problem.Type = kind.Type;
        problem.Title = kind.Title;
    }
}
