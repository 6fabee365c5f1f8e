using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.ConsumerSide.Dashboard.Contracts;
using Tollgate.ConsumerSide.Dashboard.Sessions;
using Tollgate.Core.Billing;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Endpoints;

/// <summary>
/// <c>POST /dashboard/api/billing/portal</c>: "Manage billing" opens the payment provider's customer portal (Stripe's), where the
/// consumer changes the card, reads invoices or cancels. A provider that cannot be reached answers 503 with Retry-After.
/// </summary>
internal static class DashboardBillingEndpoints
{
    public static RouteGroupBuilder MapDashboardBillingEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/billing/portal", OpenPortalAsync).WithName("DashboardBillingPortal").AddEndpointFilter<CsrfFilter>();
        return api;
    }

    /// <summary>A portal session for the signed-in account; 409 when it pays nothing through the provider yet.</summary>
    internal static async Task<Results<Ok<BillingPortalResponse>, ProblemHttpResult>> OpenPortalAsync(
        DashboardCaller caller, IBillingPortal portal, CancellationToken cancellationToken)
    {
        var url = await portal.CreatePortalSessionAsync(caller.Account, cancellationToken);
        return url is null
            ? ProblemCatalog.NoBillingAccount.Result(
                "This account has no billing account with the payment provider yet: it is created by the first paid upgrade.")
            : TypedResults.Ok(new BillingPortalResponse(url));
    }
}
