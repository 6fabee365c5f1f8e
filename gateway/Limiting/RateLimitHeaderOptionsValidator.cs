using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Limiting;

/// <summary>Refuses to start with a <c>Gateway:RateLimitHeaders</c> that names no format, saying which ones there are.</summary>
internal sealed class RateLimitHeaderOptionsValidator : IValidateOptions<RateLimitHeaderOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitHeaderOptions options) =>
        RateLimitHeaderOptions.TryParse(options.RateLimitHeaders, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Gateway:RateLimitHeaders must be {RateLimitHeaderOptions.Choices}, not '{options.RateLimitHeaders}'.");
}
