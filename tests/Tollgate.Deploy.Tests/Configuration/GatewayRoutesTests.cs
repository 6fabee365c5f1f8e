using System.Text.Json;
using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Configuration;

/// <summary>
/// gateway/appsettings.json routes only to upstreams: the consumer side (dashboard, subscription API) is answered by the
/// gateway itself, and no route or cluster reaches the admin API or claims /admin.
/// </summary>
public sealed class GatewayRoutesTests
{
    private static readonly JsonElement ReverseProxy =
        JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("gateway/appsettings.json"))).RootElement.GetProperty("ReverseProxy");

    [Test]
    public void NoRoute_ClaimsTheDashboardOrAdminPaths()
    {
        var paths = ReverseProxy.GetProperty("Routes").EnumerateObject()
            .Select(r => r.Value.GetProperty("Match").GetProperty("Path").GetString()!)
            .ToList();

        Assert.That(paths, Has.None.StartsWith("/dashboard").And.None.StartsWith("/admin"));
    }

    [Test]
    public void NoCluster_PointsAtTheAdminApi()
    {
        var clusters = ReverseProxy.GetProperty("Clusters").EnumerateObject().ToList();
        var addresses = clusters
            .SelectMany(c => c.Value.GetProperty("Destinations").EnumerateObject())
            .Select(d => d.Value.GetProperty("Address").GetString()!)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(clusters.Select(c => c.Name), Is.EqualTo(new[] { "weather" }));
            Assert.That(addresses.Select(a => new Uri(a).Port), Has.None.EqualTo(DeployedServices.AdminApi.Port));
        });
    }
}
