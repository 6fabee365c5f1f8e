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
        using var response = await Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket").And.Contain("http_route=\"/admin/accounts/\""));
    }
}
