using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tollgate.Core.Hosting;
using Tollgate.Core.Redis;

namespace Tollgate.Webhooks.Delivery;

/// <summary>
/// Delivers the accounts' webhook events. Every <see cref="WebhookOptions.PollIntervalSeconds"/> it runs, per account with
/// endpoints (<see cref="RedisKeys.WebhookAccounts"/>), one script that turns new outbox entries into deliveries and claims
/// the due ones, then sends each claimed delivery (at most <see cref="WebhookOptions.MaxConcurrency"/> at once, on their own
/// HTTP client) and records the attempt: success ends it; a failure is retried with exponential back-off until
/// <see cref="WebhookOptions.RetryForHours"/> after the event. Everything lives in Redis, so a restart loses nothing.
/// </summary>
/// <remarks>
/// Instances share the work safely: a claim makes a delivery not due for <see cref="ClaimFor"/>, so only one instance sends an
/// attempt; if that instance dies mid-attempt, the delivery comes due again after the claim and is sent again (at least once,
/// same <c>webhook-id</c>). Slow receivers hold only this worker's slots, never a proxied request.
/// </remarks>
internal sealed partial class WebhookDeliveryWorker(
    IConnectionMultiplexer redis,
    PumpScript pump,
    RecordAttemptScript record,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookDeliveryWorker> logger) : PeriodicBackgroundService(timeProvider)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    /// <summary>How long a claimed delivery is reserved for the instance that claimed it: twice the timeout and a margin.</summary>
    public TimeSpan ClaimFor => TimeSpan.FromSeconds(options.Value.TimeoutSeconds * 2 + 5);

    protected override bool IsEnabled => options.Value.DeliveryEnabled;

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);

    protected override Task RunPassAsync(CancellationToken cancellationToken) => PollAsync(cancellationToken);

    // Redis away or a bad record: the next tick tries again; nothing is lost meanwhile.
    protected override void PassFailed(Exception exception) => Log.PollFailed(logger, exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await base.ExecuteAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // Attempts under way finish (or time out) before the host stops, so they are recorded rather than sent twice.
            await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var o = options.Value;
        foreach (var member in await db.SetMembersAsync(RedisKeys.WebhookAccounts).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var accountId = member.ToString();
            var claimed = await pump.EvaluateAsync(db, accountId, Clock.GetUtcNow(), ClaimFor, _slots.CurrentCount,
                o.DeliveryLogSize, TimeSpan.FromHours(o.RetryForHours)).ConfigureAwait(false);
            if (claimed is null)
            {
                await ForgetAsync(db, accountId).ConfigureAwait(false);
                continue;
            }
            foreach (var delivery in claimed)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                var attempt = AttemptAsync(db, delivery);
                _inFlight.TryAdd(attempt, 0);
                _ = attempt.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
            }
        }
    }

    private async Task AttemptAsync(IDatabase db, ClaimedDelivery claimed)
    {
        try
        {
            // Not tied to the host's stopping token: a started attempt runs to its answer or its timeout.
            var attempt = await sender.SendAsync(claimed, CancellationToken.None).ConfigureAwait(false);
            var retryAt = attempt.Succeeded ? null : RetryAt(claimed.Delivery, attempt.At);
            await record.EvaluateAsync(db, claimed, attempt, retryAt).ConfigureAwait(false);
            if (attempt.Succeeded)
            {
                Log.Delivered(logger, claimed.Delivery.Type, claimed.Delivery.Id, claimed.Endpoint.Id, claimed.AccountId, attempt.StatusCode);
            }
            else
            {
                Log.AttemptFailed(logger, claimed.Delivery.Type, claimed.Delivery.Id, claimed.Endpoint.Id, claimed.AccountId,
                    claimed.Delivery.Attempts + 1, attempt.Error, retryAt);
            }
        }
        catch (Exception e)
        {
            // Not recorded: the claim runs out and the delivery is attempted again.
            Log.RecordFailed(logger, e, claimed.Delivery.Id, claimed.AccountId);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>When to try again after the attempt at <paramref name="now"/> failed: doubling waits, the last one at the deadline; null past it.</summary>
    internal DateTimeOffset? RetryAt(DeliveryRecord delivery, DateTimeOffset now)
    {
        var o = options.Value;
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(delivery.Deadline);
        if (now >= deadline)
        {
            return null;
        }
        var exponent = Math.Min(delivery.Attempts, 30); // attempts made before this one
        var wait = TimeSpan.FromSeconds(Math.Min(o.FirstRetrySeconds * Math.Pow(2, exponent), o.MaxRetryDelaySeconds));
        var next = now + wait;
        return next < deadline ? next : deadline;
    }

    private static async Task ForgetAsync(IDatabase db, string accountId)
    {
        await db.SetRemoveAsync(RedisKeys.WebhookAccounts, accountId).ConfigureAwait(false);
        // An endpoint registered between the script and the removal puts the account back.
        if (await db.KeyExistsAsync(RedisKeys.AccountWebhooks(accountId)).ConfigureAwait(false))
        {
            await db.SetAddAsync(RedisKeys.WebhookAccounts, accountId).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Webhook delivery poll failed; trying again at the next tick.")]
        public static partial void PollFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Webhook {Type} {MessageId} delivered to endpoint {EndpointId} of account {AccountId} ({StatusCode}).")]
        public static partial void Delivered(ILogger logger, string type, string messageId, string endpointId, string accountId, int statusCode);

        [LoggerMessage(3, LogLevel.Warning,
            "Webhook {Type} {MessageId} to endpoint {EndpointId} of account {AccountId}, attempt {Attempt}, failed: {Error} Next attempt: {RetryAt}.")]
        public static partial void AttemptFailed(ILogger logger, string type, string messageId, string endpointId, string accountId, int attempt, string error, DateTimeOffset? retryAt);

        [LoggerMessage(4, LogLevel.Warning, "Webhook delivery {MessageId} of account {AccountId} could not be recorded; it will be attempted again.")]
        public static partial void RecordFailed(ILogger logger, Exception exception, string messageId, string accountId);
    }
}
