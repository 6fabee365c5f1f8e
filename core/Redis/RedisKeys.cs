using StackExchange.Redis;
using Tollgate.Core.Limiting;

namespace Tollgate.Core.Redis;

/// <summary>
/// The one place Redis key names are built. Everything that belongs to one account shares the hash
/// tag <c>{accountId}</c>, so the limiter script and account-wide changes run on one Redis Cluster slot.
/// Key records are found by the HMAC of the key and live outside any account's slot.
/// </summary>
public static class RedisKeys
{
    private const string Root = "tg:";

    /// <summary>Hash: the account record (email, tier, created).</summary>
    public static RedisKey Account(string accountId) => $"{Root}{{{accountId}}}:account";

    /// <summary>Hash: key id to key hash, for every key the account ever had.</summary>
    public static RedisKey AccountKeys(string accountId) => $"{Root}{{{accountId}}}:keys";

    /// <summary>
    /// Hash: key id to expiry (Unix ms, 0 = never) of every key that is neither revoked nor known to be
    /// expired. Kept beside the account so one script can count active keys and issue a new one atomically.
    /// </summary>
    public static RedisKey AccountActiveKeys(string accountId) => $"{Root}{{{accountId}}}:keys:active";

    /// <summary>Sorted set of the window's bucket starts (ms).</summary>
    public static RedisKey WindowBuckets(string accountId, LimitWindow window) => $"{Root}{{{accountId}}}:w:{window.Key}:buckets";

    /// <summary>
    /// Hash of the window's per-bucket counts and running total; for the billing-period month (<c>w:period:counts</c>)
    /// the period's <c>end</c> (Unix ms) and <c>total</c>, and its buckets key is never written.
    /// </summary>
    public static RedisKey WindowCounts(string accountId, LimitWindow window) => $"{Root}{{{accountId}}}:w:{window.Key}:counts";

    /// <summary>Hash: key id to requests admitted on one UTC day (days since the Unix epoch).</summary>
    public static RedisKey DailyUsage(string accountId, long epochDay) => $"{Root}{{{accountId}}}:usage:{epochDay}";

    /// <summary>
    /// Hash: the account's webhook endpoints (endpoint id to its record). In the account's slot, so the limiter script can
    /// tell whether anyone listens before it records a usage event.
    /// </summary>
    public static RedisKey AccountWebhooks(string accountId) => $"{Root}{{{accountId}}}:webhooks";

    /// <summary>
    /// Stream: the account's outbox of events for its webhooks (fields <c>type</c>, <c>at</c> = Unix ms, <c>data</c> = a
    /// JSON object), capped. In the account's slot, so the limiter script records a usage event in the same atomic call
    /// that counts the request (a Cluster script may only touch one slot); the webhook worker reads it.
    /// </summary>
    public static RedisKey AccountEvents(string accountId) => $"{Root}{{{accountId}}}:events";

    /// <summary>String: the id of the last outbox entry the webhook worker has turned into deliveries.</summary>
    public static RedisKey AccountWebhookCursor(string accountId) => $"{Root}{{{accountId}}}:webhooks:cursor";

    /// <summary>Hash: <c>endpointId/messageId</c> to the delivery record (event, attempts, status) of one event to one endpoint.</summary>
    public static RedisKey AccountWebhookDeliveries(string accountId) => $"{Root}{{{accountId}}}:webhooks:deliveries";

    /// <summary>Sorted set: the deliveries kept in the log (<c>endpointId/messageId</c>), scored by creation (Unix ms), capped.</summary>
    public static RedisKey AccountWebhookLog(string accountId) => $"{Root}{{{accountId}}}:webhooks:log";

    /// <summary>Sorted set: deliveries waiting for their next attempt (<c>endpointId/messageId</c>), scored by when it is due (Unix ms).</summary>
    public static RedisKey AccountWebhookDue(string accountId) => $"{Root}{{{accountId}}}:webhooks:due";

    /// <summary>Set: key ids whose <c>key.expiring</c> event was written, so each key is announced once.</summary>
    public static RedisKey AccountExpiringKeysAnnounced(string accountId) => $"{Root}{{{accountId}}}:webhooks:expiring";

    /// <summary>
    /// Hash: the account's overage units counted by the limiter and not yet reported to the billing provider (field
    /// <c>pending</c>), plus the batch being reported. In the account's slot, written by the same call that counts.
    /// </summary>
    public static RedisKey AccountOverage(string accountId) => $"{Root}{{{accountId}}}:overage";

    /// <summary>
    /// String with the window's length as lifetime (a billing-period month's: until the period ends): the window's
    /// <paramref name="percent"/> usage alert has fired in this window period (set NX by the limiter script, so each
    /// threshold fires once per period).
    /// </summary>
    public static RedisKey UsageAlertMarker(string accountId, LimitWindow window, int percent) =>
        $"{Root}{{{accountId}}}:alert:{window.Key}:{percent}";

    /// <summary>String with the window's length as lifetime: the window's first refusal in this window period was announced.</summary>
    public static RedisKey UsageLimitedMarker(string accountId, LimitWindow window) => $"{Root}{{{accountId}}}:alert:{window.Key}:limited";

    /// <summary>
    /// Hash: the account's permit leases that may hold unused permits, one per gateway instance (field = the instance's
    /// lessee id; value = <c>until:sequence</c>, the Redis time in ms until which it may, and the lease's number), written
    /// by the take's own limiter call, so a refusal can tell whether permits held elsewhere refuse it. Lives as long as its
    /// latest lease.
    /// </summary>
    public static RedisKey AccountLeases(string accountId) => $"{Root}{{{accountId}}}:leases";

    /// <summary>Pattern matching every key of one account (for deletion and memory accounting).</summary>
    public static RedisValue AccountPattern(string accountId) => $"{Root}{{{accountId}}}:*";

    /// <summary>Hash: the key record, found by the key's HMAC.</summary>
    public static RedisKey ApiKey(string keyHash) => $"{Root}apikey:{keyHash}";

    /// <summary>String: account id owning an email address (lowercased), so emails stay unique.</summary>
    public static RedisKey AccountByEmail(string normalizedEmail) => $"{Root}account-email:{normalizedEmail}";

    /// <summary>Sorted set of account ids by creation time, for paging.</summary>
    public static readonly RedisKey AccountIndex = $"{Root}accounts";

    /// <summary>String with a lifetime: a billing provider's event already applied to the account (its id is the event's), so a redelivery changes nothing.</summary>
    public static RedisKey BillingEvent(string accountId, string eventId) => $"{Root}{{{accountId}}}:billing:event:{eventId}";

    /// <summary>String: the account id a Stripe customer (<c>cus_…</c>) pays for, for events that carry only the customer.</summary>
    public static RedisKey StripeCustomer(string customerId) => $"{Root}stripe-customer:{customerId}";

    /// <summary>Sorted set: accounts in a payment grace period, scored by when it ends (Unix ms); the account hash is the truth.</summary>
    public static readonly RedisKey BillingGraceIndex = $"{Root}billing:grace";

    /// <summary>Set: the accounts that have webhook endpoints, whose outboxes the webhook worker reads.</summary>
    public static readonly RedisKey WebhookAccounts = $"{Root}webhooks:accounts";

    /// <summary>Stream: the admin audit log, newest last, capped (see <c>RedisAuditLog</c>).</summary>
    public static readonly RedisKey AuditLog = $"{Root}audit";

    /// <summary>
    /// Hash: one developer-dashboard session (account, key id, CSRF token), found by the SHA-256 of the session id
    /// in the cookie, so a copy of Redis holds no usable session id. Expires with the session.
    /// </summary>
    public static RedisKey DashboardSession(string sessionDigest) => $"{Root}dashboard:session:{sessionDigest}";

    /// <summary>String: failed dashboard sign-ins from one client address in the current throttle window.</summary>
    public static RedisKey DashboardSignInFailures(string clientAddress) => $"{Root}dashboard:sign-in-failures:{clientAddress}";

    /// <summary>Prefix of the gateway's response cache entries (a route's cached answers, shared by all callers).</summary>
    public const string ResponseCachePrefix = Root + "cache:";

    /// <summary>
    /// Sorted set: the HMACs of keys gateways served recently, scored by when (Unix ms), bounded in size and age; a
    /// gateway that starts loads those key records before traffic asks for them (the gateway's KeyCacheWarmer).
    /// </summary>
    public static readonly RedisKey RecentKeys = $"{Root}gateway:recent-keys";

    /// <summary>Pub/sub channel on which changes to keys and accounts are announced to every gateway.</summary>
    public static readonly RedisChannel Invalidations = RedisChannel.Literal($"{Root}invalidations");

    /// <summary>
    /// Pub/sub channel of permit leases, published by the limiter scripts: <c>reclaim:&lt;lessee&gt;:&lt;account&gt;</c>
    /// (a request was refused while other instances held leases of the account: each ends its lease of it) and
    /// <c>returned:&lt;lessee&gt;:&lt;account&gt;</c> (a lease ended and its unused permits went back: refusals remembered
    /// for the account are stale).
    /// </summary>
    public const string LeaseEventsName = Root + "leases";

    /// <summary>The channel named <see cref="LeaseEventsName"/>.</summary>
    public static readonly RedisChannel LeaseEvents = RedisChannel.Literal(LeaseEventsName);
}
