namespace Tollgate.Deploy.Tests.Compose;

/// <summary>A port in compose's short syntax, <c>[host_ip:]host_port:container_port[/protocol]</c>.</summary>
/// <param name="HostIp">Host address it is published on; null means every interface.</param>
/// <param name="HostPort">Port on the host.</param>
/// <param name="ContainerPort">Port inside the container.</param>
internal sealed record PublishedPort(string? HostIp, int HostPort, int ContainerPort)
{
    /// <summary>Parses one entry; null for forms the checks do not accept (ranges, container port only).</summary>
    public static PublishedPort? Parse(string entry)
    {
        var spec = entry.Split('/')[0];
        // The container port is after the last colon, the host port before it; what is left is the address
        // (which may itself hold colons, as an IPv6 one does).
        var last = spec.LastIndexOf(':');
        if (last < 0)
        {
            return null;
        }

        var hostPart = spec[..last];
        var middle = hostPart.LastIndexOf(':');
        var hostIp = middle < 0 ? null : hostPart[..middle].Trim('[', ']');
        var hostPort = middle < 0 ? hostPart : hostPart[(middle + 1)..];
        return int.TryParse(hostPort, out var published) && int.TryParse(spec[(last + 1)..], out var target)
            ? new PublishedPort(hostIp, published, target)
            : null;
    }
}
