using Microsoft.Extensions.Options;

namespace Tollgate.AdminApi.Authentication;

/// <summary>
/// Refuses to start without an admin token, except in Development, where the API then starts but refuses
/// every request (so its reference page can be browsed without setting anything up). Every token needs 32+
/// characters and a known role. Never names a token's value.
/// </summary>
internal sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (options.Tokens.Count == 0)
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    "Admin:Tokens is empty: set at least one admin token of 32 or more characters outside Development " +
                    "(env Admin__Tokens__0, e.g. from `openssl rand -hex 32`).");
        }

        var failures = new List<string>();
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var (token, role) = (options.Tokens[i].Token, options.Tokens[i].Role);
            if (string.IsNullOrWhiteSpace(token))
            {
                failures.Add($"Admin:Tokens:{i} is empty (set Admin:Tokens:{i} to a token, or Admin:Tokens:{i}:Token and :Role).");
            }
            else if (token.Length < AdminOptions.MinimumTokenLength || token.Any(char.IsWhiteSpace))
            {
                failures.Add($"Admin:Tokens:{i} ({AdminTokens.IdOf(token)}) must be at least {AdminOptions.MinimumTokenLength} characters without whitespace.");
            }
            if (AdminRoles.Parse(role) is null)
            {
                failures.Add(string.IsNullOrWhiteSpace(role)
                    ? $"Admin:Tokens:{i}:Role is not set: give it one of {AdminRoles.Listed}."
                    : $"Admin:Tokens:{i}:Role '{role}' is not a role: give it one of {AdminRoles.Listed}.");
            }
        }
        var values = options.Tokens.Select(t => t.Token).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            failures.Add("Admin:Tokens holds the same token twice.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
