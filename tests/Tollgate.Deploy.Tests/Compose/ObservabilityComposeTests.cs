using System.Text.Json;
using Tollgate.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Deploy.Tests.Compose;

/// <summary>
/// The "observability" profile of docker-compose.yml (Prometheus and Grafana) against the files it mounts from
/// deploy/observability/ and the services' management ports: what <c>docker compose --profile observability up</c>
/// needs to come up scraping and provisioned, checked without a container engine.
/// </summary>
public sealed class ObservabilityComposeTests
{
    private const string Profile = "observability";
    private const string Prometheus = "prometheus";
    private const string Grafana = "grafana";

    private static readonly string[] ObservabilityServices = [Prometheus, Grafana];

    private static ComposeFile Compose => ComposeFile.Load(RepositoryRoot.Combine("docker-compose.yml"));

    [Test]
    public void Compose_ObservabilityProfile_IsPrometheusAndGrafana()
    {
        var profiled = Compose.Services.Values.Where(service => service.Profiles.Count > 0).ToDictionary(service => service.Name, service => service.Profiles);

        Assert.Multiple(() =>
        {
            Assert.That(profiled.Keys, Is.EquivalentTo(ObservabilityServices));
            Assert.That(profiled.Values, Has.All.EqualTo(new[] { Profile }));
        });
    }

    [TestCaseSource(nameof(ObservabilityServices))]
    public void ObservabilityService_BindMounts_ExistInTheRepositoryAndAreReadOnly(string name)
    {
        var mounts = Compose.Services[name].Volumes.Select(BindMount.Parse).OfType<BindMount>().ToList();

        Assert.That(mounts, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var mount in mounts)
            {
                var source = RepositoryRoot.Combine(mount.Source);
                Assert.That(File.Exists(source) || Directory.Exists(source), Is.True, $"{name}: {mount.Source} exists");
                Assert.That(mount.Source, Does.StartWith("./deploy/observability/"), $"{name}: mounts only deploy/observability/");
                Assert.That(mount.ReadOnly, Is.True, $"{name}: {mount.Source} is mounted :ro");
            }
        });
    }

    [TestCaseSource(nameof(ObservabilityServices))]
    public void ObservabilityService_Ports_ArePublishedOnLoopbackOnly(string name)
    {
        var service = Compose.Services[name];

        Assert.Multiple(() =>
        {
            Assert.That(service.Ports, Is.Not.Empty);
            Assert.That(ComposeChecks.PortsBeyondLoopback(service), Is.Empty);
            Assert.That(ComposeChecks.SecretLiterals(service), Is.Empty);
        });
    }

    [TestCaseSource(nameof(ObservabilityServices))]
    public void ObservabilityService_SharesNoNetworkWithRedis(string name)
    {
        var compose = Compose;

        Assert.That(compose.Services[name].Networks.Intersect(compose.Services[DeployedServices.RedisName].Networks), Is.Empty);
    }

    [Test]
    public void Prometheus_ConfigFile_IsMountedFromDeployObservability()
    {
        Assert.That(File.Exists(PrometheusConfigPath()), Is.True);
    }

    [Test]
    public void Prometheus_ScrapeTargets_AreTheServicesManagementPortsOnAReachableNetwork()
    {
        var compose = Compose;
        var expected = new[] { DeployedServices.Gateway, DeployedServices.AdminApi }.Select(service => $"{service.Name}:{service.ManagementPort}");
        var targets = ScrapeTargets(PrometheusConfigPath());

        Assert.That(targets, Is.EquivalentTo(expected));
        Assert.Multiple(() =>
        {
            foreach (var target in targets)
            {
                var host = target.Split(':')[0];
                Assert.That(compose.Services[Prometheus].Networks.Intersect(compose.Services[host].Networks), Is.Not.Empty,
                    $"Prometheus shares a network with {host}");
            }
        });
    }

    [Test]
    public void Prometheus_RuleFiles_ExistBesideItsConfig()
    {
        var config = PrometheusConfigPath();
        var ruleFiles = Strings(Child(LoadYaml(config), "rule_files"));

        Assert.That(ruleFiles, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var ruleFile in ruleFiles)
            {
                // Relative, so the same path holds in the container (/etc/prometheus) and for promtool on a host.
                Assert.That(Path.IsPathRooted(ruleFile), Is.False, $"{ruleFile} is relative to the config");
                Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(config)!, ruleFile)), Is.True, $"{ruleFile} exists");
            }
        });
    }

    [Test]
    public void Grafana_Datasource_IsThePrometheusServiceOnItsPort()
    {
        var compose = Compose;
        var datasources = Sequence(Child(LoadYaml(GrafanaMountedPath("provisioning/datasources/prometheus.yml")), "datasources"));
        var prometheusPort = compose.Services[Prometheus].Ports.Select(PublishedPort.Parse).Single()!.ContainerPort;

        Assert.Multiple(() =>
        {
            Assert.That(datasources.Select(d => Scalar(Child(d, "url"))), Is.EqualTo(new[] { $"http://{Prometheus}:{prometheusPort}" }));
            Assert.That(compose.Services[Grafana].Networks.Intersect(compose.Services[Prometheus].Networks), Is.Not.Empty);
        });
    }

    [Test]
    public void Grafana_Dashboard_IsProvisionedFromTheMountedFolderAndNamesTheProvisionedDatasource()
    {
        var providers = Sequence(Child(LoadYaml(GrafanaMountedPath("provisioning/dashboards/tollgate.yml")), "providers"));
        var providerPath = Scalar(Child(Child(providers.Single(), "options") as YamlMappingNode, "path"))!;
        var dashboards = Directory.GetFiles(HostPathOf(Grafana, providerPath), "*.json");
        var datasourceUid = Scalar(Child(Sequence(Child(LoadYaml(GrafanaMountedPath("provisioning/datasources/prometheus.yml")), "datasources")).Single(), "uid"));

        Assert.That(dashboards, Is.Not.Empty, $"dashboards in the folder mounted at {providerPath}");
        Assert.Multiple(() =>
        {
            foreach (var dashboard in dashboards)
            {
                var uids = DatasourceUids(File.ReadAllText(dashboard)).Distinct().ToList();
                Assert.That(uids, Is.EqualTo(new[] { datasourceUid }), $"{Path.GetFileName(dashboard)} queries the provisioned datasource");
            }
        });
    }

    [Test]
    public void Grafana_HomeDashboard_IsAMountedFile()
    {
        var home = Compose.Services[Grafana].Environment.GetValueOrDefault("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");

        Assert.That(home, Is.Not.Null);
        Assert.That(File.Exists(HostPathOf(Grafana, home!)), Is.True, $"{home} is a mounted file");
    }

    /// <summary>The host file behind Prometheus's <c>--config.file</c>.</summary>
    private static string PrometheusConfigPath()
    {
        var flag = Compose.Services[Prometheus].Command.SingleOrDefault(argument => argument.StartsWith("--config.file=", StringComparison.Ordinal))
            ?? throw new AssertionException("prometheus: no --config.file in the command");
        return HostPathOf(Prometheus, flag["--config.file=".Length..]);
    }

    private static string GrafanaMountedPath(string belowEtcGrafana) => HostPathOf(Grafana, "/etc/grafana/" + belowEtcGrafana);

    /// <summary>Where on the host a path inside the service's container comes from, through its bind mounts.</summary>
    private static string HostPathOf(string service, string containerPath)
    {
        var mount = Compose.Services[service].Volumes.Select(BindMount.Parse).OfType<BindMount>()
            .Where(m => containerPath == m.Target || containerPath.StartsWith(m.Target.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => m.Target.Length)
            ?? throw new AssertionException($"{service}: nothing is mounted at {containerPath}");
        return RepositoryRoot.Combine(mount.Source + containerPath[mount.Target.Length..]);
    }

    private static List<string> ScrapeTargets(string configPath) =>
    [
        .. from job in Sequence(Child(LoadYaml(configPath), "scrape_configs"))
           from staticConfig in Sequence(Child(job, "static_configs"))
           from target in Strings(Child(staticConfig, "targets"))
           select target,
    ];

    // Every "datasource": {"uid": ...} in the dashboard, panels, targets and variables alike.
    private static List<string?> DatasourceUids(string json)
    {
        using var document = JsonDocument.Parse(json);
        var uids = new List<string?>();
        Walk(document.RootElement);
        return uids;

        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "datasource" && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        uids.Add(property.Value.TryGetProperty("uid", out var uid) ? uid.GetString() : null);
                    }
                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }
    }

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static List<YamlMappingNode> Sequence(YamlNode? node) =>
        node is YamlSequenceNode list ? [.. list.Children.OfType<YamlMappingNode>()] : [];

    private static List<string> Strings(YamlNode? node) =>
        node is YamlSequenceNode list ? [.. list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")] : [];

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
