using Tollgate.Deploy.Tests.Configuration;
using Tollgate.Deploy.Tests.Dockerfiles;
using Tollgate.Deploy.Tests.Infrastructure;

namespace Tollgate.Deploy.Tests.Compose;

/// <summary>The committed docker-compose.yml against SPEC.md and the services' real configuration.</summary>
public sealed class ComposeFileTests
{
    private static readonly string[] Services = DeployedServices.Names;

    private static ComposeFile Compose => ComposeFile.Load(RepositoryRoot.Combine("docker-compose.yml"));

    [Test]
    public void Compose_ServicesWithoutAProfile_AreRedisAndEveryAppService()
    {
        // The others start only with their profile (ObservabilityComposeTests).
        var started = Compose.Services.Values.Where(service => service.Profiles.Count == 0).Select(service => service.Name);

        Assert.That(started, Is.EquivalentTo(Services.Append(DeployedServices.RedisName)));
    }

    [TestCaseSource(nameof(Services))]
    public void Service_Build_UsesItsDockerfileFromTheRepositoryRoot(string name)
    {
        var service = DeployedServices.Named(name);
        var build = Compose.Services[name].Build;

        Assert.That(build, Is.Not.Null, "built from this repository, not pulled");
        Assert.Multiple(() =>
        {
            // The Dockerfiles copy core/, the root appsettings.json and Directory.*.props: the context is the root.
            Assert.That(Path.GetFullPath(RepositoryRoot.Combine(build!.Context)), Is.EqualTo(RepositoryRoot.Path));
            Assert.That(build.DockerfilePath.Replace('\\', '/'), Is.EqualTo(service.Dockerfile).Or.EqualTo($"./{service.Dockerfile}"));
            Assert.That(File.Exists(RepositoryRoot.Combine(build.DockerfilePath)), Is.True, $"{build.DockerfilePath} exists");
        });
    }

    [TestCaseSource(nameof(Services))]
    public void Service_EnvironmentVariables_SetConfigurationKeysTheServiceReads(string name)
    {
        var known = KnownConfigurationKeys.For(DeployedServices.Named(name));

        Assert.That(ComposeChecks.UnknownConfigurationKeys(Compose.Services[name], known), Is.Empty);
    }

    [TestCaseSource(nameof(Services))]
    public void Service_Secrets_ComeFromTheOperatorsEnvironment(string name)
    {
        var service = Compose.Services[name];

        Assert.Multiple(() =>
        {
            Assert.That(service.Environment.Keys, Is.SupersetOf(DeployedServices.Named(name).SecretVariables));
            Assert.That(ComposeChecks.SecretLiterals(service), Is.Empty);
        });
    }

    [TestCaseSource(nameof(Services))]
    public void Service_PublishedPorts_AreItsSpecPortAndManagementPortOnLoopback(string name)
    {
        var service = DeployedServices.Named(name);
        var ports = new[] { service.Port }.Concat(service.ManagementPort is { } management ? [management] : Array.Empty<int>());
        var compose = Compose.Services[name];

        Assert.Multiple(() =>
        {
            Assert.That(ComposeChecks.PortsBeyondLoopback(compose), Is.Empty);
            Assert.That(compose.Ports.Select(PublishedPort.Parse), Is.EqualTo(ports.Select(port => new PublishedPort("127.0.0.1", port, port))));
        });
    }

    [TestCase("gateway")]
    [TestCase("admin-api")]
    public void Service_ManagementUrls_ListenOnEveryInterfaceAtItsManagementPort(string name)
    {
        // In the container, loopback would be unreachable from the published port; the host publishes it on loopback.
        var urls = Compose.Services[name].Environment.GetValueOrDefault("Management__Urls");

        Assert.That(ListenUrls.Problems(urls, DeployedServices.Named(name).ManagementPort!.Value), Is.Empty);
    }

    [TestCaseSource(nameof(Services))]
    public void Service_Urls_ListenOnEveryInterfaceAtItsSpecPort(string name)
    {
        var environment = Compose.Services[name].Environment;
        // ASPNETCORE_URLS is re-added above appsettings.json, so it is the value that wins when both are set.
        var urls = environment.GetValueOrDefault("ASPNETCORE_URLS") ?? environment.GetValueOrDefault("Urls");

        Assert.That(ListenUrls.Problems(urls, DeployedServices.Named(name).Port), Is.Empty);
    }

    [Test]
    public void Services_RedisConnection_PointsAtTheRedisServiceAndSignsInWithTheRequiredPassword()
    {
        var expected = $"{DeployedServices.RedisName}:{DeployedServices.RedisPort},user={DeployedServices.RedisUser}," +
            $"password=${{{DeployedServices.RedisPasswordVariable}:?";
        var connections = Compose.Services.Values
            .Where(service => service.Environment.ContainsKey("ConnectionStrings__Redis"))
            .ToDictionary(service => service.Name, service => service.Environment["ConnectionStrings__Redis"]);

        Assert.Multiple(() =>
        {
            Assert.That(connections.Keys, Is.EquivalentTo(new[] { DeployedServices.Gateway.Name, DeployedServices.AdminApi.Name }));
            Assert.That(connections.Values, Has.All.StartWith(expected).And.EndWith("}"));
        });
    }

    [Test]
    public void Services_EachJoinOnlyNamedNetworks()
    {
        // A service without networks would sit on "default" with every other such service, whatever they are.
        var compose = Compose;

        Assert.Multiple(() =>
        {
            Assert.That(compose.Services.Values.Where(service => service.Networks.Contains("default")).Select(service => service.Name), Is.Empty);
            Assert.That(compose.Services.Values.SelectMany(service => service.Networks).Distinct(), Is.SubsetOf(compose.Networks));
        });
    }

    [TestCase("redis")]
    [TestCase("admin-api")]
    public void WeatherUpstream_SharesNoNetworkWith(string name)
    {
        var compose = Compose;

        Assert.That(compose.Services[DeployedServices.WeatherUpstream.Name].Networks.Intersect(compose.Services[name].Networks), Is.Empty);
    }

    [TestCase("gateway", "redis")]
    [TestCase("gateway", "weather-upstream")]
    [TestCase("gateway", "admin-api")]
    [TestCase("admin-api", "redis")]
    public void Service_SharesANetworkWithWhatItCalls(string caller, string callee)
    {
        var compose = Compose;

        Assert.That(compose.Services[caller].Networks.Intersect(compose.Services[callee].Networks), Is.Not.Empty);
    }

    [Test]
    public void Gateway_UpstreamAddress_PointsAtTheWeatherUpstreamService()
    {
        var upstream = DeployedServices.WeatherUpstream;
        var environment = Compose.Services[DeployedServices.Gateway.Name].Environment;

        Assert.That(
            environment.GetValueOrDefault("ReverseProxy__Clusters__weather__Destinations__primary__Address"),
            Is.EqualTo($"http://{upstream.Name}:{upstream.Port}/"));
    }

    [Test]
    public void Gateway_DependsOn_RedisAndUpstreamBeingHealthy()
    {
        var dependsOn = Compose.Services[DeployedServices.Gateway.Name].DependsOn;

        Assert.That(dependsOn, Is.EquivalentTo(new Dictionary<string, string>
        {
            [DeployedServices.RedisName] = "service_healthy",
            [DeployedServices.WeatherUpstream.Name] = "service_healthy",
        }));
    }

    [Test]
    public void AdminApi_DependsOn_RedisBeingHealthy()
    {
        var dependsOn = Compose.Services[DeployedServices.AdminApi.Name].DependsOn;

        Assert.That(dependsOn, Is.EquivalentTo(new Dictionary<string, string> { [DeployedServices.RedisName] = "service_healthy" }));
    }

    [Test]
    public void Services_Dependencies_AreAwaitedHealthyWhereTheyReportHealth()
    {
        var compose = Compose;

        Assert.That(compose.Services.Values.SelectMany(service => ComposeChecks.UnhealthyDependencies(service, HasHealthcheck)), Is.Empty);

        // A health check comes from the compose file or, for a built service, its Dockerfile's HEALTHCHECK.
        bool HasHealthcheck(string name)
        {
            var service = compose.Services[name];
            if (service.Healthcheck is not null)
            {
                return true;
            }

            var image = service.Build is null ? null : Dockerfile.Load(RepositoryRoot.Combine(service.Build.DockerfilePath));
            return image?.FinalStage.Last("HEALTHCHECK")?.HealthcheckCommand() is not null;
        }
    }

    [Test]
    public void Services_Restart_IsUnlessStopped()
    {
        var others = Compose.Services.Values.Where(service => service.Restart != "unless-stopped").Select(service => service.Name);

        Assert.That(others, Is.Empty, "services without restart: unless-stopped");
    }
}
