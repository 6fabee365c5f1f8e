using Tollgate.Deploy.Tests.Configuration;

namespace Tollgate.Deploy.Tests.Compose;

/// <summary>The compose rules on small inline files: each must catch the mistake it exists for.</summary>
public sealed class ComposeChecksTests
{
    private static readonly KnownConfigurationKeys Known = new(
        ["ConnectionStrings:Redis", "Keys:HashSecret", "Admin:Tokens:0", "Urls", "URLS",
         "ReverseProxy:Clusters:weather:Destinations:primary:Address"]);

    private static ComposeService Service(string yaml) =>
        ComposeFile.Parse($"services:\n  app:\n{yaml}").Services["app"];

    [Test]
    public void UnknownConfigurationKeys_MisspelledKey_IsReported()
    {
        var service = Service("""
                environment:
                  Keys__HashSecert: "${SECRET:?set it}"
            """);

        Assert.That(ComposeChecks.UnknownConfigurationKeys(service, Known),
            Is.EqualTo(new[] { "app: Keys__HashSecert sets Keys:HashSecert, which the service does not read" }));
    }

    [Test]
    public void UnknownConfigurationKeys_SingleUnderscoreSeparator_IsReported()
    {
        // Keys_HashSecret is one flat key, not Keys:HashSecret: the classic silent no-op.
        var service = Service("""
                environment:
                  Keys_HashSecret: "${SECRET:?set it}"
            """);

        Assert.That(ComposeChecks.UnknownConfigurationKeys(service, Known), Has.Exactly(1).Items);
    }

    [Test]
    public void UnknownConfigurationKeys_KnownKeysInEitherForm_AreAccepted()
    {
        var service = Service("""
                environment:
                  - ASPNETCORE_URLS=http://0.0.0.0:8000
                  - connectionstrings__redis=redis:6379
                  - Admin__Tokens__3=${TOKEN:?set it}
                  - ReverseProxy__Clusters__weather__Destinations__primary__Address=http://weather-upstream:8002/
            """);

        Assert.That(ComposeChecks.UnknownConfigurationKeys(service, Known), Is.Empty);
    }

    [Test]
    public void UnknownConfigurationKeys_WrongSegmentBeforeIndex_IsReported()
    {
        var service = Service("""
                environment:
                  Admin__Token__0: "${TOKEN:?set it}"
            """);

        Assert.That(ComposeChecks.UnknownConfigurationKeys(service, Known), Has.Exactly(1).Items);
    }

    [TestCase("Keys__HashSecret: hunter2-but-longer-than-thirty-two-characters")]
    [TestCase("Keys__HashSecret: \"${SECRET:-a-default-is-a-committed-secret}\"")]
    [TestCase("Admin__Tokens__0: \"${TOKEN}\"")]
    [TestCase("ConnectionStrings__Redis: \"redis:6379,password=hunter2\"")]
    public void SecretLiterals_SecretNotRequiredFromTheEnvironment_IsReported(string variable)
    {
        var service = Service($"    environment:\n      {variable}\n");

        Assert.That(ComposeChecks.SecretLiterals(service), Has.Exactly(1).Items);
    }

    [TestCase("Keys__HashSecret: \"${SECRET:?set SECRET}\"")]
    [TestCase("Admin__Tokens__0: \"${TOKEN?set TOKEN}\"")]
    [TestCase("ConnectionStrings__Redis: \"redis:6379,password=${REDIS_PASSWORD:?set it}\"")]
    public void SecretLiterals_RequiredVariableReference_IsAccepted(string variable)
    {
        var service = Service($"    environment:\n      {variable}\n");

        Assert.That(ComposeChecks.SecretLiterals(service), Is.Empty);
    }

    [TestCase("8000:8000")]
    [TestCase("0.0.0.0:8000:8000")]
    [TestCase("8000")]
    public void PortsBeyondLoopback_PublicOrUnboundPort_IsReported(string port)
    {
        var service = Service($"    ports:\n      - \"{port}\"\n");

        Assert.That(ComposeChecks.PortsBeyondLoopback(service), Has.Exactly(1).Items);
    }

    [Test]
    public void PortsBeyondLoopback_LoopbackPort_IsAccepted()
    {
        var service = Service("    ports:\n      - \"127.0.0.1:8000:8000\"\n");

        Assert.That(ComposeChecks.PortsBeyondLoopback(service), Is.Empty);
    }

    [Test]
    public void UnhealthyDependencies_StartedOnlyWhileItReportsHealth_IsReported()
    {
        var service = Service("""
                depends_on:
                  - redis
            """);

        Assert.That(ComposeChecks.UnhealthyDependencies(service, _ => true), Has.Exactly(1).Items);
    }

    [Test]
    public void UnhealthyDependencies_HealthyAwaitedWithoutHealthcheck_IsReported()
    {
        var service = Service("""
                depends_on:
                  redis:
                    condition: service_healthy
            """);

        Assert.Multiple(() =>
        {
            Assert.That(ComposeChecks.UnhealthyDependencies(service, _ => false), Has.Exactly(1).Items);
            Assert.That(ComposeChecks.UnhealthyDependencies(service, _ => true), Is.Empty);
        });
    }

    [TestCase("http://127.0.0.1:8000")]
    [TestCase("http://localhost:8000")]
    [TestCase("http://0.0.0.0:8080")]
    [TestCase("https://0.0.0.0:8000")]
    [TestCase("http://0.0.0.0:8000;http://127.0.0.1:9000")]
    [TestCase(null)]
    public void ListenUrls_NotEveryInterfaceAtThePort_IsReported(string? urls)
    {
        Assert.That(ListenUrls.Problems(urls, 8000), Is.Not.Empty);
    }

    [TestCase("http://0.0.0.0:8000")]
    [TestCase("http://+:8000")]
    [TestCase("http://[::]:8000;http://0.0.0.0:8000")]
    public void ListenUrls_EveryInterfaceAtThePort_IsAccepted(string urls)
    {
        Assert.That(ListenUrls.Problems(urls, 8000), Is.Empty);
    }

    [Test]
    public void Parse_Networks_ListMappingOrNoneAsCompose()
    {
        var compose = ComposeFile.Parse("""
            services:
              listed:
                networks: [data, edge]
              mapped:
                networks:
                  data:
                    aliases: [db]
              unnamed:
                image: redis:7.0
            networks:
              data:
              edge:
            """);

        Assert.Multiple(() =>
        {
            Assert.That(compose.Services["listed"].Networks, Is.EqualTo(new[] { "data", "edge" }));
            Assert.That(compose.Services["mapped"].Networks, Is.EqualTo(new[] { "data" }));
            Assert.That(compose.Services["unnamed"].Networks, Is.EqualTo(new[] { "default" }));
            Assert.That(compose.Networks, Is.EqualTo(new[] { "data", "edge" }));
        });
    }
}
