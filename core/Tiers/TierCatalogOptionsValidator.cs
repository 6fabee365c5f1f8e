using Microsoft.Extensions.Options;
using Tollgate.Core.Limiting;

namespace Tollgate.Core.Tiers;

/// <summary>Refuses a catalogue a gateway could not enforce, naming the offending entry.</summary>
internal sealed class TierCatalogOptionsValidator : IValidateOptions<TierCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, TierCatalogOptions options)
    {
        if (options.Count == 0)
        {
            return ValidateOptionsResult.Fail($"{TierCatalogOptions.SectionName}: the tier catalogue is empty; define at least one tier.");
        }

        var failures = new List<string>();
        foreach (var (tierName, tier) in options)
        {
            var at = $"{TierCatalogOptions.SectionName}:{tierName}";
            // Configuration keys ignore case, and an override such as Tiers__Pro__RequestsPerHour can bring its own
            // casing to the merged key; TierCatalog.From lowercases names, so only the lowercased name must be valid.
            if (!TierName.IsValid(tierName.ToLowerInvariant()))
            {
                failures.Add($"{at}: a tier name may hold only letters, digits and '-' (at most {TierName.MaxLength} characters); it is used in lowercase.");
            }
            if (string.IsNullOrWhiteSpace(tier.DisplayName))
            {
                failures.Add($"{at}:DisplayName is required.");
            }
            if (tier.PriceMonthly < 0)
            {
                failures.Add($"{at}:PriceMonthly ({tier.PriceMonthly}) must not be negative.");
            }
            RequirePositive(failures, at, nameof(tier.RequestsPerHour), tier.RequestsPerHour);
            RequirePositive(failures, at, nameof(tier.RequestsPerDay), tier.RequestsPerDay);
            RequirePositive(failures, at, nameof(tier.RequestsPerMonth), tier.RequestsPerMonth);
            RequirePositive(failures, at, nameof(tier.MaxKeys), tier.MaxKeys);
            if (tier.RequestsPerHour > tier.RequestsPerDay)
            {
                failures.Add($"{at}: RequestsPerHour ({tier.RequestsPerHour}) exceeds RequestsPerDay ({tier.RequestsPerDay}).");
            }
            // A month that bills overage is an allowance, not a ceiling: it may be smaller than the day (1,000 included a
            // month, up to 500 a day). A month that refuses would make the larger day unreachable, a mistake.
            if (tier.RequestsPerDay > tier.RequestsPerMonth && !tier.BillsOverage)
            {
                failures.Add($"{at}: RequestsPerDay ({tier.RequestsPerDay}) exceeds RequestsPerMonth ({tier.RequestsPerMonth}).");
            }
            if (tier.RequestsPerSecond is { } perSecond)
            {
                RequirePositive(failures, at, nameof(tier.RequestsPerSecond), perSecond);
                if (perSecond > tier.RequestsPerHour)
                {
                    failures.Add($"{at}: RequestsPerSecond ({perSecond}) exceeds RequestsPerHour ({tier.RequestsPerHour}).");
                }
            }
            if (tier.UsageAlerts is { } alerts && alerts.Any(p => p is < 1 or > 100))
            {
                failures.Add($"{at}:UsageAlerts ({string.Join(", ", alerts)}) must be percents from 1 to 100.");
            }
            ValidateOverage(failures, at, tier);
            if (!tier.TryReadMonthlyWindow(out _))
            {
                failures.Add($"{at}:MonthlyWindow ({tier.MonthlyWindow}) must be Sliding30Days or BillingPeriod.");
            }
            if (tier.Features.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{at}:Features holds an empty feature name.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateOverage(List<string> failures, string at, TierOptions tier)
    {
        if (!tier.TryReadOverage(out var overage))
        {
            failures.Add($"{at}:Overage ({tier.Overage}) must be Block or Bill.");
            return;
        }
        if (overage == OverageMode.Bill)
        {
            if (tier.UnitPrice is not { } price || price <= 0)
            {
                failures.Add($"{at}:UnitPrice (price per 1,000 overage requests) is required and must be positive when Overage is Bill.");
            }
            if (tier.Cap is { } cap && cap <= 0)
            {
                failures.Add($"{at}:Cap ({cap}) must be positive; leave it out for no cap.");
            }
        }
        else if (tier.UnitPrice is not null || tier.Cap is not null)
        {
            failures.Add($"{at}: UnitPrice and Cap apply only when Overage is Bill.");
        }
    }

    private static void RequirePositive(List<string> failures, string at, string field, long value)
    {
        if (value <= 0)
        {
            failures.Add($"{at}:{field} ({value}) must be positive.");
        }
    }
}
