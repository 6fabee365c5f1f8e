using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;

namespace Tollgate.Core.Accounts;

/// <summary>What the services accept as an account's email: one plain mailbox, stored lowercase.</summary>
public static class EmailAddress
{
    /// <summary>Longest address accepted (RFC 5321's path limit less the angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// True when <paramref name="value"/> is a plain address such as <c>ops@example.com</c>: no display
    /// name, no comments or whitespace, and a domain with a dot. <paramref name="normalized"/> is it trimmed
    /// and lowercased, the form accounts are stored and matched under.
    /// </summary>
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Any(char.IsWhiteSpace) || VisibleText.HasHiddenCharacters(text))
        {
            return false;
        }
        if (!MailAddress.TryCreate(text, out var address) || address.DisplayName.Length > 0 || address.Address != text)
        {
            return false;
        }
        var domain = address.Host;
        if (domain.Length < 3 || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.')
            || domain.StartsWith('[') || text.StartsWith('"'))
        {
            return false;
        }
        normalized = text.ToLowerInvariant();
        return true;
    }
}
