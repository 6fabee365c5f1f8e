using System.Net;
using System.Runtime.CompilerServices;
using Tollgate.Core.Keys;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// Checks a key's <see cref="ApiKeyRecord.AllowedIps"/> against the caller's address. The CIDR list is
/// parsed once per cached record, not per request.
/// </summary>
internal sealed class ClientNetworks
{
    private readonly ConditionalWeakTable<ApiKeyRecord, IPNetwork[]> _parsed = [];

    /// <summary>True when the key has no IP restriction or <paramref name="client"/> lies in one of its networks.</summary>
    public bool Allows(ApiKeyRecord key, IPAddress? client)
    {
        if (key.AllowedIps.Count == 0)
        {
            return true;
        }
        if (client is null)
        {
            return false;
        }
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }
        foreach (var network in _parsed.GetValue(key, static k => Parse(k.AllowedIps)))
        {
            if (network.Contains(client))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>CIDR ranges, or single addresses taken as a /32 or /128; entries that parse as neither match nothing.</summary>
    internal static IPNetwork[] Parse(IReadOnlyList<string> entries)
    {
        var networks = new List<IPNetwork>(entries.Count);
        foreach (var entry in entries)
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
        }
        return [.. networks];
    }
}
