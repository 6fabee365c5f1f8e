using Microsoft.Extensions.Options;

namespace Tollgate.Core.Limiting.Leases;

/// <summary>Refuses to start on lease settings out of range (<c>Limits:Leases</c>).</summary>
internal sealed class LeaseOptionsValidator : IValidateOptions<LeaseOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        List<string>? failures = null;
        if (options.MinLifetimeMs is < 20 or > 1_000)
        {
            (failures ??= []).Add("Limits:Leases:MinLifetimeMs must be between 20 and 1000.");
        }
        if (options.MaxLifetimeMs < options.MinLifetimeMs || options.MaxLifetimeMs > 5_000)
        {
            (failures ??= []).Add("Limits:Leases:MaxLifetimeMs must be between Limits:Leases:MinLifetimeMs and 5000.");
        }
        if (options.MaxPermits is < 2 or > 1_000)
        {
            (failures ??= []).Add("Limits:Leases:MaxPermits must be between 2 and 1000.");
        }
        if (options.Headroom is < 2 or > 100)
        {
            (failures ??= []).Add("Limits:Leases:Headroom must be between 2 and 100.");
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
