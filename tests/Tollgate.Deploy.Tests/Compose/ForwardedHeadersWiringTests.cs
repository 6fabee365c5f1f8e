using System.Net;
using Tollgate.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml wires the client's address end to end: the gateway believes a proxy in front of it, and the
/// admin API (serving the dashboard) believes forwarded headers only from the gateway's fixed address.
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
    public void AdminApi_TrustsForwardedHeadersOnlyFromTheGatewaysFixedAddress()
    {
        var gateway = (YamlMappingNode)Service(DeployedServices.Gateway.Name)["networks"];
        var address = ((YamlScalarNode)((YamlMappingNode)gateway["data"])["ipv4_address"]).Value!;
        var trusted = Environment(DeployedServices.AdminApi.Name)
            .Where(e => e.Key.StartsWith("Dashboard__TrustedProxies__", StringComparison.Ordinal))
            .Select(e => e.Value)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(trusted, Is.EqualTo(new[] { address }));
            Assert.That(Subnet("data").Contains(IPAddress.Parse(address)), Is.True);
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
