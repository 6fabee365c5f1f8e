using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tollgate.Core.Billing;
using Tollgate.Core.Billing.Stripe;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.Gateway.Billing;

/// <summary>
/// <c>POST /billing/stripe/webhook</c>: Stripe's event deliveries. No key, never counted, outside the proxy; mapped only with
/// <c>Billing:Provider=Stripe</c>. A 2xx is sent only once the event is written to Redis, so Stripe delivers it again after any failure.
/// </summary>
internal static partial class StripeWebhookEndpoint
{
    public const string Path = "/billing/stripe/webhook";

    /// <summary>Largest body taken; Stripe's events are a few kilobytes.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<BillingOptions>>().Value.Provider == BillingProviderKind.Stripe)
        {
            endpoints.MapPost(Path, ReceiveAsync).WithName("StripeWebhook").DisableAntiforgery();
        }
        return endpoints;
    }

    internal static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> ReceiveAsync(
        HttpContext context, IStripeWebhook webhook, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhookEndpoint));
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return ProblemCatalog.PayloadTooLarge.Result($"A webhook body is at most {MaxBodyBytes} bytes.");
        }
        string payload;
        using (var reader = new StreamReader(context.Request.Body))
        {
            var buffer = new char[MaxBodyBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
            if (read > MaxBodyBytes)
            {
                return ProblemCatalog.PayloadTooLarge.Result($"A webhook body is at most {MaxBodyBytes} bytes.");
            }
            payload = new string(buffer, 0, read);
        }

        StripeWebhookResult result;
        try
        {
            // Not the request's token: once Stripe's event is being written, it is written whole.
            result = await webhook.HandleAsync(payload, context.Request.Headers["Stripe-Signature"].ToString(), CancellationToken.None);
        }
        catch (BillingUnavailableException e)
        {
            Log.StripeUnavailable(logger, e);
            return ProblemCatalog.StoreUnavailable.Result("Stripe could not be asked about this event; it was not applied. Deliver it again.");
        }
        if (result.Outcome == StripeWebhookOutcome.InvalidSignature)
        {
            Log.SignatureRefused(logger);
            return ProblemCatalog.WebhookSignatureInvalid.Result(
                "The Stripe-Signature header is missing, does not match the webhook secret, or is more than five minutes old.");
        }
        return TypedResults.Ok(new WebhookReceipt(true, result.Outcome switch
        {
            StripeWebhookOutcome.Applied => "applied",
            StripeWebhookOutcome.AlreadyApplied => "already_applied",
            _ => "ignored",
        }));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Stripe webhook refused: missing, forged or stale signature.")]
        public static partial void SignatureRefused(ILogger logger);

        [LoggerMessage(2, LogLevel.Warning, "Stripe webhook not applied: Stripe did not answer; it will be delivered again.")]
        public static partial void StripeUnavailable(ILogger logger, Exception exception);
    }
}
