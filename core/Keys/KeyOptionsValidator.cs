using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Tollgate.Core.Keys;

/// <summary>Refuses to start without a real hash secret, except in Development where a fixed one stands in.</summary>
internal sealed class KeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<KeyOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyOptions options)
    {
        if (string.IsNullOrEmpty(options.HashSecret))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Keys:HashSecret is required outside Development (env Keys__HashSecret, at least 32 characters).");
        }
        return options.HashSecret.Length < KeyOptions.MinimumSecretLength
            ? ValidateOptionsResult.Fail($"Keys:HashSecret must be at least {KeyOptions.MinimumSecretLength} characters.")
            : ValidateOptionsResult.Success;
    }
}
