using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Reliability.Tests.Infrastructure;

namespace Tollgate.Reliability.Tests.Secrets;

/// <summary>
/// What is reachable from where: the admin surface is never served or proxied by the gateway, and every service
/// listens on loopback unless told otherwise.
/// </summary>
[NonParallelizable]
public sealed class ExposureTests
{
    private RecordingUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = await RecordingUpstream.StartAsync();
        _gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Enabled"] = "false",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [TestCase("GET", "/admin/accounts")]
    [TestCase("POST", "/admin/accounts")]
    [TestCase("GET", "/admin/tiers")]
    [TestCase("GET", "/admin/audit")]
    [TestCase("DELETE", "/admin/accounts/acc_aaaaaaaaaaaaaaaa/keys/key_aaaaaaaaaaaaaaaa")]
    [TestCase("PUT", "/admin/accounts/acc_aaaaaaaaaaaaaaaa/tier")]
    [TestCase("GET", "/admin")]
    [TestCase("GET", "/ADMIN/accounts")]
    [TestCase("GET", "/openapi/v1.json")]
    [TestCase("GET", "/scalar/")]
    public async Task AdminPath_OnTheGatewayWithAdminTokenAndApiKey_Returns404AndIsNeverProxied(string method, string path)
    {
        using var client = _gateway.CreateClient();
        var consumer = await _gateway.CreateConsumerAsync("enterprise");
        var forwardedBefore = _upstream.Requests.Count;
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "POST" or "PUT" ? new StringContent("{\"email\":\"x@example.com\",\"tier\":\"pro\"}", Encoding.UTF8, "application/json") : null,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminApiHost.Token);
        request.Headers.Add("X-API-Key", consumer.RawKey);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Status, Is.EqualTo(404));
        Assert.That(_upstream.Requests, Has.Count.EqualTo(forwardedBefore), "nothing was forwarded");
    }

    [TestCase("gateway")]
    [TestCase("admin-api")]
    [TestCase("samples/weather-upstream")]
    public void ServiceSettings_DefaultListenAddresses_AreLoopbackOnly(string service)
    {
        var urls = new List<string>();
        using (var settings = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine(service, "appsettings.json"))))
        {
            Assert.That(settings.RootElement.TryGetProperty("Urls", out var configured), Is.True, $"{service}/appsettings.json sets Urls");
            urls.AddRange(configured.GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        // `dotnet run` applies the launch profile, whose applicationUrl would win over appsettings.json.
        var launchSettings = RepositoryRoot.Combine(service, "Properties", "launchSettings.json");
        if (File.Exists(launchSettings))
        {
            using var launch = JsonDocument.Parse(File.ReadAllText(launchSettings));
            foreach (var profile in launch.RootElement.GetProperty("profiles").EnumerateObject())
            {
                if (profile.Value.TryGetProperty("applicationUrl", out var applicationUrl))
                {
                    urls.AddRange(applicationUrl.GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                }
                if (profile.Value.TryGetProperty("environmentVariables", out var variables)
                    && variables.TryGetProperty("ASPNETCORE_URLS", out var envUrls))
                {
                    urls.AddRange(envUrls.GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                }
            }
        }

        Assert.That(urls, Is.Not.Empty);
        foreach (var url in urls)
        {
            // Kestrel reads "*", "+" and "0.0.0.0" as every interface; only loopback literals (or localhost) keep it private.
            var host = new Uri(url.Replace("*", "any-interface", StringComparison.Ordinal).Replace("+", "any-interface", StringComparison.Ordinal)).Host;
            var loopback = host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            Assert.That(loopback, Is.True, $"{service} listens on {url} by default");
        }
    }
}
