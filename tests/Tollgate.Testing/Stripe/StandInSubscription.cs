using System.Text.Json.Nodes;

namespace Tollgate.Testing.Stripe;

/// <summary>A Stripe subscription with one item, as the stand-in holds it and as Stripe's subscription object shows it.</summary>
public sealed record StandInSubscription(
    string Id, string CustomerId, string ItemId, string PriceId, DateTimeOffset Anchor, string Status, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The customer's card is declined: payments Stripe must take at once fail.</summary>
    public bool CardDeclines { get; init; }

    /// <summary>Stripe's <c>subscription</c> object (the fields Tollgate reads, and the ones around them).</summary>
    public JsonObject ToJson()
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in Metadata)
        {
            metadata[key] = value;
        }
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "subscription",
            ["customer"] = CustomerId,
            ["status"] = Status,
            ["billing_cycle_anchor"] = Anchor.ToUnixTimeSeconds(),
            ["created"] = Anchor.ToUnixTimeSeconds(),
            ["start_date"] = Anchor.ToUnixTimeSeconds(),
            ["cancel_at_period_end"] = false,
            ["collection_method"] = "charge_automatically",
            ["currency"] = "usd",
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["pending_update"] = null,
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["has_more"] = false,
                ["url"] = $"/v1/subscription_items?subscription={Id}",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = ItemId,
                    ["object"] = "subscription_item",
                    ["quantity"] = 1,
                    ["subscription"] = Id,
                    ["current_period_start"] = Anchor.ToUnixTimeSeconds(),
                    ["current_period_end"] = Anchor.AddMonths(1).ToUnixTimeSeconds(),
                    ["price"] = new JsonObject
                    {
                        ["id"] = PriceId,
                        ["object"] = "price",
                        ["active"] = true,
                        ["currency"] = "usd",
                        ["type"] = "recurring",
                        ["recurring"] = new JsonObject { ["interval"] = "month", ["interval_count"] = 1 },
                    },
                }),
            },
        };
    }
}
