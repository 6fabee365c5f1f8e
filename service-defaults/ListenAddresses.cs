using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Tollgate.ServiceDefaults;

/// <summary>Reads the listen URLs a service is configured with, as Kestrel will parse them.</summary>
public static class ListenAddresses
{
    /// <summary>
    /// The public URLs: <c>Urls</c> (ASPNETCORE_URLS, <c>--urls</c>), or when that is empty the ones
    /// <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c> stand for, as the web host itself reads them.
    /// </summary>
    public static IReadOnlyList<string> Public(IConfiguration configuration)
    {
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]);
        if (urls.Count > 0)
        {
            return urls;
        }
        return
        [
            .. Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}"),
            .. Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"),
        ];
    }

    /// <summary>The items of a <c>;</c>-separated list, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Split(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The port of <paramref name="url"/> as Kestrel reads it (80/443 when none is written), or null when it is no URL.</summary>
    public static int? PortOf(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.IsUnixPipe || address.IsNamedPipe ? null : address.Port;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
