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
    public void Compose_Services_AreRedisAndEveryAppService()
    {
        Assert.That(Compose.Services.Keys, Is.EquivalentTo(Services.Append(DeployedServices.RedisName)));
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
    public void Service_PublishedPort_IsItsSpecPortOnLoopback(string name)
    {
        var port = DeployedServices.Named(name).Port;
        var service = Compose.Services[name];

        Assert.Multiple(() =>
        {
            Assert.That(ComposeChecks.PortsBeyondLoopback(service), Is.Empty);
            Assert.That(service.Ports.Select(PublishedPort.Parse), Is.EqualTo(new[] { new PublishedPort("127.0.0.1", port, port) }));
        });
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
    public void Services_RedisConnection_PointsAtTheRedisService()
    {
        var expected = $"{DeployedServices.RedisName}:{DeployedServices.RedisPort}";
        var connections = Compose.Services.Values
            .Where(service => service.Environment.ContainsKey("ConnectionStrings__Redis"))
            .ToDictionary(service => service.Name, service => service.Environment["ConnectionStrings__Redis"]);

        Assert.Multiple(() =>
        {
            Assert.That(connections.Keys, Is.EquivalentTo(new[] { DeployedServices.Gateway.Name, DeployedServices.AdminApi.Name }));
            Assert.That(connections.Values, Has.All.StartWith(expected));
        });
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
