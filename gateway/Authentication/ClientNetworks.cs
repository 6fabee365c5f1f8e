using System.Net;
using Tollgate.Core.Keys;

namespace Tollgate.Gateway.Authentication;

/// <summary>
/// The address part of <see cref="KeyAccess"/> for <see cref="ConsumerResolver"/>: a key's
/// <see cref="ApiKeyRecord.AllowedIps"/> against the real client address (the socket peer, or what a proxy of
/// <c>Gateway:TrustedProxies</c> forwarded). The rule itself, and the parsing once per record, live in the core.
/// </summary>
internal sealed class ClientNetworks(KeyAccess access)
{
    /// <summary>True when the key has no IP restriction or <paramref name="client"/> lies in one of its networks.</summary>
    public bool Allows(ApiKeyRecord key, IPAddress? client) => access.AllowsAddress(key, client);
}
