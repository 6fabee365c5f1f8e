using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Tollgate.ServiceDefaults.Forwarding;

/// <summary>
/// A configured list of trusted proxies (each an IP address or a CIDR network), as every service reads it: checked
/// at start-up, and turned into the known proxies and networks of ASP.NET's forwarded-headers step.
/// </summary>
public static class TrustedProxies
{
    /// <summary>One failure per entry that is neither an address nor a network, naming <paramref name="setting"/>:index.</summary>
    public static IEnumerable<string> Problems(string setting, IReadOnlyList<string> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!IPAddress.TryParse(entries[i], out _) && !System.Net.IPNetwork.TryParse(entries[i], out _))
            {
                yield return $"{setting}:{i} ('{entries[i]}') is neither an IP address nor a CIDR network.";
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="options"/> read <c>X-Forwarded-For</c>/<c>-Proto</c> and believe them from
    /// <paramref name="entries"/> too, besides whatever it already trusts (ASP.NET's defaults trust loopback: a caller
    /// that must not clears them first).
    /// </summary>
    public static void Trust(ForwardedHeadersOptions options, IEnumerable<string> entries)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var entry in entries)
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }
    }
}
