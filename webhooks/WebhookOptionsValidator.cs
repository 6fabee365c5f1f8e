using Microsoft.Extensions.Options;

namespace Tollgate.Webhooks;

/// <summary>Checks <see cref="WebhookOptions"/> at start: every duration and count positive, the timeout shorter than a claim lasts.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        Positive(options.MaxEndpointsPerAccount, "MaxEndpointsPerAccount");
        Positive(options.MaxConcurrency, "MaxConcurrency");
        Positive(options.DeliveryLogSize, "DeliveryLogSize");
        Positive(options.PollIntervalSeconds, "PollIntervalSeconds");
        Positive(options.FirstRetrySeconds, "FirstRetrySeconds");
        Positive(options.RetryForHours, "RetryForHours");
        Positive(options.KeyExpiringDays, "KeyExpiringDays");
        Positive(options.KeyExpiringScanMinutes, "KeyExpiringScanMinutes");
        if (options.PreviousSecretHours < 0)
        {
            errors.Add("Webhooks:PreviousSecretHours must not be negative.");
        }
        if (options.TimeoutSeconds is <= 0 or > 60)
        {
            errors.Add("Webhooks:TimeoutSeconds must be between 0 and 60.");
        }
        if (options.MaxRetryDelaySeconds < options.FirstRetrySeconds)
        {
            errors.Add("Webhooks:MaxRetryDelaySeconds must not be below Webhooks:FirstRetrySeconds.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Positive(double value, string key)
        {
            if (value <= 0)
            {
                errors.Add($"Webhooks:{key} must be positive.");
            }
        }
    }
}
