using System.Text.Json.Nodes;

namespace Tollgate.Testing.Stripe;

/// <summary>A Stripe subscription with its items, as the stand-in holds it and as Stripe's subscription object shows it.</summary>
public sealed record StandInSubscription(
    string Id, string CustomerId, IReadOnlyList<StandInSubscriptionItem> Items, DateTimeOffset Anchor, string Status, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The customer's card is declined: payments Stripe must take at once fail.</summary>
    public bool CardDeclines { get; init; }

    /// <summary>The first item's id (the plan's, for a subscription made with one price).</summary>
    public string ItemId => Items[0].Id;

    /// <summary>The first item's price.</summary>
    public string PriceId => Items[0].PriceId;

    /// <summary>The prices of all items, in Stripe's order.</summary>
    public IReadOnlyList<string> PriceIds => [.. Items.Select(i => i.PriceId)];

    /// <summary>The same subscription with the first item's price replaced, e.g. for an event of a change made in Stripe's portal.</summary>
    public StandInSubscription WithPrice(string priceId) => this with { Items = [Items[0] with { PriceId = priceId }, .. Items.Skip(1)] };

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
                ["data"] = new JsonArray([.. Items.Select(ItemJson)]),
            },
        };
    }

    private JsonNode ItemJson(StandInSubscriptionItem item)
    {
        var recurring = new JsonObject
        {
            ["interval"] = "month",
            ["interval_count"] = 1,
            ["usage_type"] = item.Metered ? "metered" : "licensed",
            ["meter"] = item.Metered ? "mtr_test_tollgate_overage" : null,
        };
        var json = new JsonObject
        {
            ["id"] = item.Id,
            ["object"] = "subscription_item",
            ["subscription"] = Id,
            ["current_period_start"] = Anchor.ToUnixTimeSeconds(),
            ["current_period_end"] = Anchor.AddMonths(1).ToUnixTimeSeconds(),
            ["price"] = new JsonObject
            {
                ["id"] = item.PriceId,
                ["object"] = "price",
                ["active"] = true,
                ["currency"] = "usd",
                ["type"] = "recurring",
                ["recurring"] = recurring,
            },
        };
        if (!item.Metered)
        {
            json["quantity"] = 1; // a metered item has no quantity: the meter says what is billed
        }
        return json;
    }
}
