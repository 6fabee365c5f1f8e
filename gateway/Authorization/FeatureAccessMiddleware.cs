using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Routing;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Authorization;

/// <summary>
/// Second proxy step: a route that needs a tier feature (its policy, read from the route) is refused with 403 when the
/// consumer's tier lacks it (naming the cheapest tier that has it) or the key's scopes leave it out, as
/// <see cref="KeyAccess"/> decides. A route without a policy is refused.
/// </summary>
internal sealed class FeatureAccessMiddleware(RequestDelegate next, RoutePolicies policies, TierCatalog catalog, ProblemWriter problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!policies.TryGet(context, out var policy))
        {
            return policies.RefuseAsync(context, "feature access").AsTask();
        }
        if (policy.Feature is not { } feature)
        {
            return next(context);
        }
        if (context.Features.Get<Consumer>() is not { } consumer)
        {
            return policies.RefuseUnidentifiedAsync(context, "feature access").AsTask();
        }

        var refusal = KeyAccess.CheckFeature(consumer.Key, consumer.Tier, feature);
        if (refusal == KeyRefusal.FeatureNotInTier)
        {
            var lowest = catalog.LowestTierWith(feature);
            var detail = lowest is null
                ? $"No tier includes '{feature}'."
                : $"'{feature}' needs the {lowest.DisplayName} tier or higher; your tier is {consumer.Tier.DisplayName}.";
            return problems.WriteAsync(context, ProblemCatalog.FeatureNotInTier, detail, new Dictionary<string, object?>
            {
                ["feature"] = feature,
                ["current_tier"] = consumer.Tier.Name,
                ["required_tier"] = lowest?.Name,
            }).AsTask();
        }

        if (refusal == KeyRefusal.FeatureNotInKeyScope)
        {
            return problems.WriteAsync(context, ProblemCatalog.FeatureNotInKeyScope,
                $"This key is limited to: {string.Join(", ", consumer.Key.Scopes)}; '{feature}' is not among them.",
                new Dictionary<string, object?> { ["feature"] = feature, ["key_scopes"] = consumer.Key.Scopes }).AsTask();
        }
        return next(context);
    }
}
