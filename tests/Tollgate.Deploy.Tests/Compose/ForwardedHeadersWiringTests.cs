using System.Net;
using Tollgate.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml wires the client's address end to end: the gateway believes a proxy in front of it and serves
/// the consumer side itself; the admin API is internal, with no public port and nothing routed to it.
/// </summary>
public sealed class ForwardedHeadersWiringTests
{
    private static readonly YamlMappingNode Root = Load();

    [Test]
    public void Gateway_TrustsAProxyInFront_ByDefaultTheComposeNetworksHostSide()
    {
        var trusted = Environment(DeployedServices.Gateway.Name)["Gateway__TrustedProxies__0"];
        Assert.That(trusted, Does.Contain("TOLLGATE_TRUSTED_PROXIES"));
        var fallback = trusted.Split(":-", 2)[1].TrimEnd('}');
        Assert.That(Subnet("edge").Contains(IPAddress.Parse(fallback)), Is.True, $"{fallback} is not on the edge network");
    }

    [Test]
    public void AdminApi_HasNoPublicPort_OnlyTheDataNetworkAndLoopback()
    {
        var admin = Service(DeployedServices.AdminApi.Name);
        var ports = ((YamlSequenceNode)admin["ports"]).Children.Select(p => ((YamlScalarNode)p).Value!).ToList();
        var networks = ((YamlSequenceNode)admin["networks"]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ports.Select(PublishedPort.Parse).Select(p => p?.HostIp), Has.All.EqualTo("127.0.0.1"),
                "published on the host's loopback at most: " + string.Join(", ", ports));
            Assert.That(networks, Does.Contain("data").And.Not.Contain("edge"), "never on the public edge network");
            Assert.That(Environment(DeployedServices.AdminApi.Name).Keys, Has.None.StartsWith("Dashboard__"), "no dashboard in the admin API");
        });
    }

    [Test]
    public void Gateway_RoutesNothingToTheAdminApi()
    {
        var gateway = Environment(DeployedServices.Gateway.Name);

        Assert.Multiple(() =>
        {
            Assert.That(gateway.Keys, Has.None.StartsWith("ReverseProxy__Clusters__accounts"));
            Assert.That(gateway.Values, Has.None.Contains($"{DeployedServices.AdminApi.Name}:{DeployedServices.AdminApi.Port}"));
        });
    }

    private static IPNetwork Subnet(string name)
    {
        var network = (YamlMappingNode)((YamlMappingNode)Root["networks"])[name];
        var config = (YamlSequenceNode)((YamlMappingNode)network["ipam"])["config"];
        return IPNetwork.Parse(((YamlScalarNode)((YamlMappingNode)config[0])["subnet"]).Value!);
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)((YamlMappingNode)Root["services"])[name];

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlMappingNode)Service(service)["environment"]).Children
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal);

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryRoot.Combine("docker-compose.yml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
