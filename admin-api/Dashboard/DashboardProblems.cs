using Tollgate.AdminApi.Problems;

namespace Tollgate.AdminApi.Dashboard;

/// <summary>The errors only the developer dashboard answers with. Types never change once published.</summary>
internal static class DashboardProblems
{
    public static readonly ProblemKind SessionRequired = new(401, "dashboard-session-required", "Sign-in required");
    public static readonly ProblemKind SessionEnded = new(401, "dashboard-session-ended", "Session ended");
    public static readonly ProblemKind SignInRefused = new(401, "dashboard-sign-in-refused", "Sign-in refused");
    public static readonly ProblemKind CsrfTokenInvalid = new(403, "csrf-token-invalid", "Missing or wrong CSRF token");
    public static readonly ProblemKind SignInThrottled = new(429, "sign-in-throttled", "Too many failed sign-ins");
}
