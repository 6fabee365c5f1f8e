namespace Tollgate.Deploy.Tests.Compose;

/// <summary>Checks an ASP.NET Core URLS value (<c>;</c>-separated) for a container.</summary>
internal static class ListenUrls
{
    // Hosts Kestrel binds to every interface for; anything else (loopback above all) is unreachable
    // from the other containers and from the published port.
    private static readonly string[] AnyAddress = ["0.0.0.0", "+", "*", "[::]"];

    /// <summary>What keeps the URLs from listening on every interface at exactly the given port.</summary>
    public static IEnumerable<string> Problems(string? urls, int port)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            yield return "no URLs set, so the service keeps its loopback default";
            yield break;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards are not valid URI hosts, so the address is split by hand.
            var afterScheme = url.Split("://", 2);
            var authority = afterScheme.Length == 2 ? afterScheme[1].Split('/')[0] : "";
            var colon = authority.LastIndexOf(':');
            var host = colon < 0 ? authority : authority[..colon];
            var hasPort = int.TryParse(colon < 0 ? "" : authority[(colon + 1)..], out var actual);

            if (afterScheme[0] != "http" || !AnyAddress.Contains(host) || !hasPort || actual != port)
            {
                yield return $"{url} is not http://0.0.0.0:{port}";
            }
        }
    }
}
