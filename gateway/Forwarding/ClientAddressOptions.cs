namespace Tollgate.Gateway.Forwarding;

/// <summary>Who the gateway believes about the client's address and scheme (<c>Gateway:TrustedProxies</c>).</summary>
public sealed class ClientAddressOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Gateway";

    /// <summary>
    /// Proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the gateway
    /// believes, e.g. the TLS-terminating proxy in front of it. Default none, not even loopback: without an entry the
    /// client is the socket peer, and whatever a client writes in those headers is ignored. The client so found is
    /// what a key's <c>allowed_ips</c> are checked against and what the gateway forwards to the dashboard.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
