using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Authentication;
using Tollgate.Gateway.Problems;
using Tollgate.Gateway.Routing;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Authorization;

/// <summary>
/// Second proxy step: a route that needs a tier feature is refused with 403 when the consumer's tier
/// lacks it (naming the cheapest tier that has it) or the key's scopes leave it out, as <see cref="KeyAccess"/> decides.
/// </summary>
internal sealed class FeatureAccessMiddleware(RequestDelegate next, TierCatalog catalog, ProblemWriter problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<RoutePolicy>()?.Feature;
        var consumer = context.Features.Get<Consumer>();
        if (feature is null || consumer is null)
        {
            return next(context);
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
