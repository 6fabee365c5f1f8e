using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Verification;

/// <summary>Stops start-up on a blank, short or repeated verify token.</summary>
internal sealed class KeyVerificationOptionsValidator : IValidateOptions<KeyVerificationOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVerificationOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.VerifyTokens.Count; i++)
        {
            var token = options.VerifyTokens[i];
            if (string.IsNullOrWhiteSpace(token) || token.Trim().Length < KeyVerificationOptions.MinTokenLength)
            {
                failures.Add($"Gateway:VerifyTokens:{i} must be at least {KeyVerificationOptions.MinTokenLength} characters.");
            }
        }
        if (options.VerifyTokens.Distinct(StringComparer.Ordinal).Count() != options.VerifyTokens.Count)
        {
            failures.Add("Gateway:VerifyTokens lists a token twice.");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
