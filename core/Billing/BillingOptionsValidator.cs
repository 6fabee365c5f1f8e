using Microsoft.Extensions.Options;

namespace Tollgate.Core.Billing;

/// <summary>Refuses to start with a billing set-up that cannot work, naming the setting.</summary>
internal sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public const int MaxContactLength = 200;

    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var failures = new List<string>();
        if (options.Provider is { } provider && !Enum.IsDefined(provider))
        {
            failures.Add($"Billing:Provider must be {string.Join(", ", Enum.GetNames<BillingProviderKind>())}.");
        }
        if (options.Provider == BillingProviderKind.Stripe)
        {
            // Accepting the value and running without payments would hand out paid tiers or refuse every upgrade silently.
            failures.Add("Billing:Provider 'Stripe' is not available yet in this version; use None (consumers ask the operator to upgrade) or Simulated (demos).");
        }
        if (options.UpgradeContact is { } contact
            && (contact.Length > MaxContactLength || VisibleText.HasHiddenCharacters(contact)))
        {
            failures.Add($"Billing:UpgradeContact must be at most {MaxContactLength} characters without control characters.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
