using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Tollgate.Core.Keys;

/// <summary>The form of one <see cref="ApiKeyRecord.AllowedIps"/> entry: a CIDR network or a single address.</summary>
public static class AllowedNetwork
{
    /// <summary>Longest entry accepted (an IPv6 CIDR in full is 43 characters).</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Reads <paramref name="value"/> as <c>10.0.0.0/8</c>, <c>2001:db8::/32</c> or a single address, and gives
    /// its canonical text (e.g. <c>2001:db8::/32</c>, <c>192.0.2.7</c>). A network with host bits set
    /// (<c>10.0.0.1/8</c>) is refused: it is most likely a typo.
    /// </summary>
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }
        if (text.Contains('/', StringComparison.Ordinal))
        {
            // TryParse masks host bits away; compare with the address as written to catch them.
            if (!IPNetwork.TryParse(text, out var network)
                || !IPAddress.TryParse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal)), out var written)
                || !written.Equals(network.BaseAddress))
            {
                return false;
            }
            normalized = network.ToString();
            return true;
        }
        if (!IPAddress.TryParse(text, out var address) || !LooksLikeAnAddress(text))
        {
            return false;
        }
        normalized = address.ToString();
        return true;
    }

    // IPAddress.TryParse also takes legacy forms such as "10" or "10.1" (read as 0.0.0.10, 10.0.0.1): refuse those.
    private static bool LooksLikeAnAddress(string text) =>
        text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;
}
