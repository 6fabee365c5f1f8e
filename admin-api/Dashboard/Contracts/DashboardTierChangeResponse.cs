namespace Tollgate.AdminApi.Dashboard.Contracts;

/// <summary>Answer to a tier change.</summary>
/// <param name="From">The tier before.</param>
/// <param name="To">The tier now.</param>
/// <param name="Changed">False when the account was on that tier already.</param>
/// <param name="Message">What happened, in words.</param>
internal sealed record DashboardTierChangeResponse(string From, string To, bool Changed, string Message);
