using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Tollgate.ConsumerSide.Dashboard;

/// <summary>
/// The dashboard's static files, embedded in the assembly at build time (the page, its script and styles, and
/// Chart.js as restored from the npm registry), so the service serves them the same way wherever it runs
/// (source tree, test host, published image) and never from a CDN. Each carries a strong ETag.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>What every embedded asset's resource name starts with.</summary>
    public const string ResourcePrefix = "dashboard/";

    /// <summary>Resource name of the page.</summary>
    public const string Page = "index.html";

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var path = name[ResourcePrefix.Length..];
            var contentType = types.TryGetContentType(path, out var type) ? type : "application/octet-stream";
            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
            {
                contentType += "; charset=utf-8";
            }
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"";
            assets[path] = new DashboardAsset(content, contentType, etag);
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The asset at <paramref name="path"/> (e.g. <c>app.js</c>, <c>vendor/chart.umd.js</c>), or null.</summary>
    public DashboardAsset? Find(string path) => _assets.GetValueOrDefault(path);
}
