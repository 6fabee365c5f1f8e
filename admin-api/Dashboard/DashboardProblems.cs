using Tollgate.AdminApi.Problems;

namespace Tollgate.AdminApi.Dashboard;

/// <summary>The errors only the developer dashboard answers with. Types never change once published.</summary>
internal static class DashboardProblems
{
    public static readonly ProblemKind SessionRequired = new(401, "dashboard-session-required", "Sign-in required");
    public static readonly ProblemKind SessionEnded = new(401, "dashboard-session-ended", "Session ended");
    public static readonly ProblemKind SignInRefused = new(401, "dashboard-sign-in-refused", "Sign-in refused");
    public static readonly ProblemKind CsrfTokenInvalid = new(403, "csrf-token-invalid", "Missing or wrong CSRF token");
    public static readonly ProblemKind AddressNotAllowed = new(403, "address-not-allowed", "API key not allowed from this address");
    public static readonly ProblemKind KeyCannotManageAccount = new(403, "key-cannot-manage-account", "This key cannot manage the account");
    public static readonly ProblemKind KeyWiderThanSession = new(403, "key-wider-than-session", "Key wider than the one signed in with");
    public static readonly ProblemKind PaymentRequired = new(402, "payment-required", "Payment required");
    public static readonly ProblemKind SignInThrottled = new(429, "sign-in-throttled", "Too many failed sign-ins");
}
