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
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IsPlainAddress(slash < 0 ? text : text[..slash]))
        {
            return false;
        }
        if (slash >= 0)
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
        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }
        normalized = address.ToString();
        return true;
    }

    /// <summary>
    /// An IPv6 address without a zone, or an IPv4 address as four plain decimal numbers. IPAddress.TryParse also
    /// takes legacy forms an admin never means: "10.1" (10.0.0.1), "010.0.0.1" (octal: 8.0.0.1), "0x0a.0.0.1" (hex),
    /// and zones such as "fe80::1%eth0", which name an interface of whichever machine parses them.
    /// </summary>
    private static bool IsPlainAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return !text.Contains('%', StringComparison.Ordinal);
        }
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(IsDecimalOctet);
    }

    private static bool IsDecimalOctet(string part) =>
        part.Length is >= 1 and <= 3
        && part.All(char.IsAsciiDigit)
        && (part.Length == 1 || part[0] != '0')
        && int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) <= 255;
}
