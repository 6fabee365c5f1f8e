using Tollgate.SelfService.Contracts;
using Tollgate.SelfService.Problems;
using Tollgate.Core;
using Tollgate.Core.Keys;
using Tollgate.Core.Tiers;

namespace Tollgate.SelfService.Keys;

/// <summary>
/// Checks a <see cref="CreateKeyRequest"/> field by field and turns it into a <see cref="NewApiKey"/>. Scopes are the
/// catalogue's features and <see cref="KeyScopes.Account"/> (<see cref="KeyScopes"/>).
/// </summary>
public sealed class KeyRequestValidator(TierCatalog catalog, TimeProvider timeProvider)
{
    public const int MaxNameLength = 100;
    public const int MaxScopes = 32;
    public const int MaxAllowedIps = 64;

    /// <summary>The key to issue, or null with <paramref name="errors"/> saying what is wrong.</summary>
    public NewApiKey? Validate(CreateKeyRequest request, FieldErrors errors)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "'name' is required: a label such as \"ci pipeline\".");
        }
        else if (name.Length > MaxNameLength || VisibleText.HasHiddenCharacters(name))
        {
            errors.Add("name", $"'name' must be at most {MaxNameLength} characters without control characters.");
        }

        if (request.ExpiresAt is { } expires && expires <= timeProvider.GetUtcNow())
        {
            errors.Add("expires_at", "'expires_at' must be in the future.");
        }

        var scopes = new List<string>();
        if (request.Scopes is { Count: > MaxScopes })
        {
            errors.Add("scopes", $"'scopes' may hold at most {MaxScopes} entries.");
        }
        else
        {
            foreach (var scope in request.Scopes ?? [])
            {
                if (scope is null || !KeyScopes.IsKnown(scope, catalog))
                {
                    errors.Add("scopes", $"'{Echo.Of(scope)}' is neither '{KeyScopes.Account}' nor a feature of any tier; known: {string.Join(", ", KeyScopes.All(catalog))}.");
                }
                else if (!scopes.Contains(scope))
                {
                    scopes.Add(scope);
                }
            }
        }

        var networks = new List<string>();
        if (request.AllowedIps is { Count: > MaxAllowedIps })
        {
            errors.Add("allowed_ips", $"'allowed_ips' may hold at most {MaxAllowedIps} entries.");
        }
        else
        {
            foreach (var entry in request.AllowedIps ?? [])
            {
                if (!AllowedNetwork.TryNormalize(entry, out var network))
                {
                    errors.Add("allowed_ips", $"'{Echo.Of(entry)}' is neither a CIDR network (10.0.0.0/8, 2001:db8::/32, host bits zero) nor an IP address.");
                }
                else if (!networks.Contains(network))
                {
                    networks.Add(network);
                }
            }
        }

        return errors.Any ? null : new NewApiKey(name!, request.ExpiresAt?.ToUniversalTime(), scopes, networks);
    }
}
