using Tollgate.ServiceDefaults.Problems;
using static Tollgate.ServiceDefaults.Problems.ProblemCatalog;

namespace Tollgate.AdminApi.Problems;

/// <summary>The kinds of the one <see cref="ProblemCatalog"/> the admin API answers with, and how it types the framework's own answers.</summary>
internal static class AdminProblems
{
    /// <summary>Every kind, for the OpenAPI description.</summary>
    public static readonly IReadOnlyList<ProblemKind> All =
    [
        AdminTokenMissing, AdminTokenInvalid, AdminRoleInsufficient, ValidationFailed, MalformedRequest, UnknownTier, AccountNotFound, KeyNotFound, NotFound,
        MethodNotAllowed, EmailTaken, KeyLimitReached, KeyNotActive, TooManyKeysForTier, TierUnavailable, ConcurrentChange,
        PaymentDeclined, BillingUnavailable, PayloadTooLarge, UnsupportedMediaType, StoreUnavailable, InternalError,
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
            StatusCodes.Status401Unauthorized => AdminTokenMissing,
            StatusCodes.Status403Forbidden => AdminRoleInsufficient,
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
