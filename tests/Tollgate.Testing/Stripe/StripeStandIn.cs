using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tollgate.Testing.Stripe;

/// <summary>
/// A local stand-in for the few Stripe API endpoints Tollgate calls, on a real loopback socket, speaking Stripe's documented wire
/// format (form-encoded requests with bracketed nested keys, JSON objects with <c>id</c> and <c>object</c>), so the real Stripe.net
/// client can be pointed at it through <c>Billing:Stripe:ApiBase</c>: <c>POST /v1/checkout/sessions</c>, <c>GET</c>, <c>POST</c> and
/// <c>DELETE /v1/subscriptions/{id}</c>, <c>POST /v1/billing_portal/sessions</c> and <c>POST /v1/billing/meter_events</c> (deduplicated
/// by <c>identifier</c>, as Stripe does). It records what it was asked, and can be made to fail like Stripe in an outage. Prices named
/// by <see cref="DefineMeteredPrice"/> are metered: as Stripe, it refuses a quantity for them in Checkout, and a pending update
/// (<c>payment_behavior=pending_if_incomplete</c>) that deletes an item (pending updates take only prices and quantities).
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    /// <summary>The secret key tests configure; the stand-in refuses any other bearer, as Stripe does (401).</summary>
    public const string SecretKey = "sk_test_tollgate_stand_in";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, StandInSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _sessions = new();
    private readonly ConcurrentQueue<(string Subscription, IReadOnlyDictionary<string, string> Form)> _updates = new();
    private readonly ConcurrentQueue<(string Subscription, IReadOnlyDictionary<string, string> Parameters)> _cancellations = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _portalSessions = new();
    private readonly ConcurrentDictionary<string, StandInMeterEvent> _meterEvents = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _meterEventOrder = new();
    private readonly ConcurrentDictionary<string, int> _meterEventSends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _meteredPrices = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource? _meterEventGate;

    public StripeStandIn()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(KestrelAddress.AnyLoopbackPort);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var v1 = _app.MapGroup("/v1").AddEndpointFilter(async (context, next) =>
            Unavailable
                ? Error(StatusCodes.Status503ServiceUnavailable, "api_error", "Stripe is having trouble right now.")
                : context.HttpContext.Request.Headers.Authorization.ToString() == $"Bearer {SecretKey}"
                    ? await next(context)
                    : Error(StatusCodes.Status401Unauthorized, "invalid_request_error", "Invalid API Key provided."));
        v1.MapPost("/checkout/sessions", CreateSessionAsync);
        v1.MapGet("/subscriptions/{id}", (string id) => _subscriptions.TryGetValue(id, out var s) ? Json(s.ToJson()) : Missing("subscription", id));
        v1.MapPost("/subscriptions/{id}", UpdateSubscriptionAsync);
        v1.MapDelete("/subscriptions/{id}", (string id, HttpRequest request) =>
        {
            if (!_subscriptions.TryGetValue(id, out var s))
            {
                return Missing("subscription", id);
            }
            _cancellations.Enqueue((id, request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal)));
            s = _subscriptions[id] = s with { Status = "canceled" };
            return Json(s.ToJson());
        });
        v1.MapPost("/billing_portal/sessions", CreatePortalSessionAsync);
        v1.MapPost("/billing/meter_events", CreateMeterEventAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        Address = KestrelAddress.Of(_app.Services);
    }

    /// <summary>Where the stand-in listens, e.g. http://127.0.0.1:40123 (the value of <c>Billing:Stripe:ApiBase</c>).</summary>
    public Uri Address { get; }

    /// <summary>The form of every Checkout Session created, oldest first (keys as sent, e.g. <c>metadata[account_id]</c>).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Sessions => [.. _sessions];

    /// <summary>Every subscription update, oldest first.</summary>
    public IReadOnlyList<(string Subscription, IReadOnlyDictionary<string, string> Form)> Updates => [.. _updates];

    /// <summary>Every subscription cancellation (<c>DELETE</c>), oldest first, with its parameters (e.g. <c>prorate</c>).</summary>
    public IReadOnlyList<(string Subscription, IReadOnlyDictionary<string, string> Parameters)> Cancellations => [.. _cancellations];

    /// <summary>The form of every customer-portal session created, oldest first.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> PortalSessions => [.. _portalSessions];

    /// <summary>The meter events recorded, oldest first: one per identifier, however often it was sent.</summary>
    public IReadOnlyList<StandInMeterEvent> MeterEvents => [.. _meterEventOrder.Select(id => _meterEvents[id])];

    /// <summary>How often a meter event with <paramref name="identifier"/> was sent (each send after the first was not counted).</summary>
    public int MeterEventSends(string identifier) => _meterEventSends.GetValueOrDefault(identifier);

    /// <summary>While true every call fails as in a Stripe outage (503 <c>api_error</c>), recording nothing.</summary>
    public bool Unavailable { get; set; }

    /// <summary>
    /// From now on a meter event is recorded but its answer is held until <see cref="ReleaseMeterEvents"/>: the moment between Stripe
    /// taking an event and the sender hearing so, in which a sender can be killed.
    /// </summary>
    public void HoldMeterEvents() => _meterEventGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the held meter events and stops holding.</summary>
    public void ReleaseMeterEvents() => Interlocked.Exchange(ref _meterEventGate, null)?.TrySetResult();

    /// <summary>A subscription as Stripe holds it (the state a completed checkout leaves), for the client to read and update.</summary>
    public StandInSubscription AddSubscription(string customerId, string priceId, DateTimeOffset anchor, IReadOnlyDictionary<string, string> metadata) =>
        AddSubscription(customerId, [priceId], anchor, metadata);

    /// <summary>A subscription with one item per price of <paramref name="priceIds"/>, in that order (e.g. the tier's and its overage price).</summary>
    public StandInSubscription AddSubscription(
        string customerId, IReadOnlyList<string> priceIds, DateTimeOffset anchor, IReadOnlyDictionary<string, string> metadata)
    {
        var subscription = new StandInSubscription($"sub_{Guid.NewGuid():N}"[..28], customerId, [.. priceIds.Select(NewItem)], anchor, "active", metadata);
        _subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    /// <summary>From now on <paramref name="priceId"/> is a metered price (<c>recurring.usage_type=metered</c>, billed by a meter).</summary>
    public void DefineMeteredPrice(string priceId) => _meteredPrices[priceId] = true;

    /// <summary>From now on the card of <paramref name="subscriptionId"/> is declined: an update that must be paid at once stays pending.</summary>
    public void DeclineCard(string subscriptionId) => _subscriptions[subscriptionId] = _subscriptions[subscriptionId] with { CardDeclines = true };

    /// <summary>The subscription as the stand-in holds it now.</summary>
    public StandInSubscription Subscription(string id) => _subscriptions[id];

    public ValueTask DisposeAsync()
    {
        ReleaseMeterEvents();
        return _app.DisposeAsync();
    }

    private async Task<IResult> CreateSessionAsync(HttpRequest request)
    {
        var form = await ReadFormAsync(request);
        for (var i = 0; form.TryGetValue($"line_items[{i}][price]", out var price); i++)
        {
            var quantity = form.ContainsKey($"line_items[{i}][quantity]");
            if (_meteredPrices.ContainsKey(price) && quantity)
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error",
                    $"line_items[{i}][quantity]: Quantity should not be defined when recurring.usage_type=metered.");
            }
            if (!_meteredPrices.ContainsKey(price) && !quantity)
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"Missing required param: line_items[{i}][quantity].");
            }
        }
        _sessions.Enqueue(form);
        var id = $"cs_test_{Guid.NewGuid():N}";
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(p => p.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[key["metadata[".Length..^1]] = value;
        }
        return Json(new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form.GetValueOrDefault("mode"),
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["url"] = $"https://checkout.stripe.com/c/pay/{id}",
            ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["customer"] = form.GetValueOrDefault("customer"),
            ["customer_email"] = form.GetValueOrDefault("customer_email"),
            ["subscription"] = null,
            ["success_url"] = form.GetValueOrDefault("success_url"),
            ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
            ["metadata"] = metadata,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
        });
    }

    private async Task<IResult> CreatePortalSessionAsync(HttpRequest request)
    {
        var form = await ReadFormAsync(request);
        if (!form.TryGetValue("customer", out var customer) || string.IsNullOrEmpty(customer))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request_error", "Missing required param: customer.");
        }
        _portalSessions.Enqueue(form);
        var id = $"bps_{Guid.NewGuid():N}"[..28];
        return Json(new JsonObject
        {
            ["id"] = id,
            ["object"] = "billing_portal.session",
            ["customer"] = customer,
            ["return_url"] = form.GetValueOrDefault("return_url"),
            ["url"] = $"https://billing.stripe.com/p/session/test_{id}",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
        });
    }

    private async Task<IResult> CreateMeterEventAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request);
        if (!form.TryGetValue("event_name", out var name) || !form.TryGetValue("payload[stripe_customer_id]", out var customer)
            || !form.TryGetValue("payload[value]", out var value) || !long.TryParse(value, out var units))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request_error", "event_name, payload[stripe_customer_id] and a numeric payload[value] are required.");
        }
        var identifier = form.GetValueOrDefault("identifier") ?? $"gen_{Guid.NewGuid():N}";
        _meterEventSends.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        // Stripe enforces the identifier's uniqueness: a resend of an event it already has is not counted again.
        var recorded = new StandInMeterEvent(identifier, name, customer, units);
        if (_meterEvents.TryAdd(identifier, recorded))
        {
            _meterEventOrder.Enqueue(identifier);
        }
        else
        {
            recorded = _meterEvents[identifier];
        }
        if (_meterEventGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        return Json(new JsonObject
        {
            ["object"] = "billing.meter_event",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["event_name"] = recorded.EventName,
            ["identifier"] = recorded.Identifier,
            ["livemode"] = false,
            ["payload"] = new JsonObject { ["stripe_customer_id"] = recorded.CustomerId, ["value"] = recorded.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        });
    }

    private async Task<IResult> UpdateSubscriptionAsync(string id, HttpRequest request)
    {
        var form = await ReadFormAsync(request);
        if (!_subscriptions.TryGetValue(id, out var subscription))
        {
            return Missing("subscription", id);
        }
        _updates.Enqueue((id, form));
        var pendingIfIncomplete = form.GetValueOrDefault("payment_behavior") == "pending_if_incomplete";
        var items = subscription.Items.ToList();
        for (var i = 0; form.Keys.Any(k => k.StartsWith($"items[{i}]", StringComparison.Ordinal)); i++)
        {
            var itemId = form.GetValueOrDefault($"items[{i}][id]");
            var price = form.GetValueOrDefault($"items[{i}][price]");
            var index = itemId is null ? -1 : items.FindIndex(x => x.Id == itemId);
            if (itemId is not null && index < 0)
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"No such subscription item: '{itemId}'");
            }
            if (form.GetValueOrDefault($"items[{i}][deleted]") == "true")
            {
                if (pendingIfIncomplete)
                {
                    return Error(StatusCodes.Status400BadRequest, "invalid_request_error",
                        $"items[{i}][deleted]: pending updates (payment_behavior=pending_if_incomplete) support only items' price and quantity.");
                }
                items.RemoveAt(index);
                continue;
            }
            if (price is null)
            {
                continue;
            }
            if (_meteredPrices.ContainsKey(price) && form.ContainsKey($"items[{i}][quantity]"))
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"items[{i}][quantity]: a metered price takes no quantity.");
            }
            if (items.Where((x, n) => n != index).Any(x => x.PriceId == price))
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request_error",
                    $"Cannot add multiple subscription items with the same price: {price}.");
            }
            if (index < 0)
            {
                items.Add(NewItem(price));
            }
            else
            {
                items[index] = items[index] with { PriceId = price, Metered = _meteredPrices.ContainsKey(price) };
            }
        }
        if (subscription.CardDeclines && pendingIfIncomplete)
        {
            // As Stripe does when the prorated invoice cannot be paid: the update waits in pending_update, the prices stay.
            var pending = subscription.ToJson();
            pending["pending_update"] = new JsonObject
            {
                ["expires_at"] = DateTimeOffset.UtcNow.AddHours(23).ToUnixTimeSeconds(),
                ["subscription_items"] = new JsonArray([.. items.Select(x => (JsonNode)new JsonObject { ["id"] = x.Id, ["object"] = "subscription_item" })]),
            };
            return Json(pending);
        }
        subscription = _subscriptions[id] = subscription with { Items = items };
        return Json(subscription.ToJson());
    }

    private StandInSubscriptionItem NewItem(string priceId) =>
        new($"si_{Guid.NewGuid():N}"[..27], priceId, _meteredPrices.ContainsKey(priceId));

    private static async Task<IReadOnlyDictionary<string, string>> ReadFormAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        return form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult Missing(string kind, string id) =>
        Error(StatusCodes.Status404NotFound, "invalid_request_error", $"No such {kind}: '{id}'", "resource_missing");

    private static IResult Error(int status, string type, string message, string? code = null) =>
        Results.Text(new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message, ["code"] = code } }.ToJsonString(),
            "application/json", statusCode: status);
}
