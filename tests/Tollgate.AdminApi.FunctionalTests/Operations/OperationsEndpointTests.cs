using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Operations;

public sealed class OperationsEndpointTests : AdminApiTestBase
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_AnswersHealthyWithoutAToken(string path)
    {
        using var anonymous = Host.CreateClient(token: null);
        using var response = await anonymous.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_ChecksRedis()
    {
        using var response = await Client.GetAsync("/health/ready");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Metrics_ExposeServerRequestDurations()
    {
        await Client.CreateAccountIdAsync();
        using var response = await Client.GetAsync(new Uri(AdminApiHost.ManagementUrl, "metrics"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket").And.Contain("http_route=\"/admin/accounts/\""));
    }

    [Test]
    public async Task Metrics_OnThePublicListener_Answers404LikeAnyUnknownPath()
    {
        using var anonymous = Host.CreateClient(token: null);

        using var response = await anonymous.GetAsync("/metrics");

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:not-found"));
        });
    }

    [Test]
    public async Task ManagementListener_ServesHealthButNoAdminApi()
    {
        using var health = await Client.GetAsync(new Uri(AdminApiHost.ManagementUrl, "health/live"));
        using var accounts = await Client.GetAsync(new Uri(AdminApiHost.ManagementUrl, "admin/accounts"));

        Assert.Multiple(() =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(accounts.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
