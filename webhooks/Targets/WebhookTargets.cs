using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Tollgate.Webhooks.Targets;

/// <summary>
/// What a webhook may be sent to: an absolute <c>https</c> URL without credentials whose host resolves only to public
/// addresses (<see cref="NetworkAddresses"/>). Checked when an endpoint is registered, and again on every connection
/// (<see cref="ConnectAsync"/> resolves the name itself and connects only to an address it has checked), so a name that
/// later points inward is refused then too. <see cref="WebhookOptions.AllowPrivateNetworks"/> lifts both rules (and allows
/// <c>http</c>), for local development and tests.
/// </summary>
public sealed class WebhookTargets(IOptions<WebhookOptions> options)
{
    /// <summary>Longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Why <paramref name="url"/> cannot be registered as typed, or null with the parsed <paramref name="uri"/>.</summary>
    public string? CheckForm(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return $"'url' must be an absolute URL of at most {MaxUrlLength} characters.";
        }
        var allowHttp = options.Value.AllowPrivateNetworks;
        if (parsed.Scheme != Uri.UriSchemeHttps && !(allowHttp && parsed.Scheme == Uri.UriSchemeHttp))
        {
            return allowHttp ? "'url' must be an http or https URL." : "'url' must be an https URL.";
        }
        if (!string.IsNullOrEmpty(parsed.UserInfo) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return "'url' must not carry credentials or a fragment.";
        }
        uri = parsed;
        return null;
    }

    /// <summary>Why <paramref name="uri"/>'s host may not be reached (it resolves inward, or not at all), or null when it may.</summary>
    public async Task<string?> CheckReachableAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (options.Value.AllowPrivateNetworks)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return $"The host '{uri.IdnHost}' does not resolve.";
        }
        return addresses.Length == 0 ? $"The host '{uri.IdnHost}' does not resolve."
            : addresses.All(NetworkAddresses.IsPublic) ? null
            : $"The host '{uri.IdnHost}' resolves to a private, loopback or otherwise non-public address; webhooks go to public targets only.";
    }

    /// <summary>
    /// The delivery client's connect step: resolves the host, drops every address that is not public (unless allowed) and
    /// connects to the first that answers. Refuses with <see cref="WebhookTargetRefusedException"/> when none is left.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = options.Value.AllowPrivateNetworks ? addresses : [.. addresses.Where(NetworkAddresses.IsPublic)];
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException($"The host '{host}' resolves to no public address; the delivery was not sent.");
        }
        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw last!;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
}
