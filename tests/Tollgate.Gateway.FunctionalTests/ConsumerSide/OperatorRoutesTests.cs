using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Tollgate.Gateway.FunctionalTests.Dashboard;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.ConsumerSide;

/// <summary>
/// The public gateway is the consumer side only: it answers nothing under <c>/admin</c> (the admin API is an internal
/// service it never routes to), whoever asks and however.
/// </summary>
public sealed class OperatorRoutesTests
{
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public void StartGateway() => _gateway = DashboardTestBase.NewHost();

    [OneTimeTearDown]
    public ValueTask StopGatewayAsync() => _gateway.DisposeAsync();

    [TestCase("GET", "/admin")]
    [TestCase("GET", "/admin/accounts")]
    [TestCase("POST", "/admin/accounts")]
    [TestCase("GET", "/admin/audit")]
    [TestCase("DELETE", "/admin/accounts/acc_0123456789abcdef/keys/key_0123456789abcdef")]
    [TestCase("GET", "/openapi/v1.json")]
    public async Task AdminPaths_Are404Problems_EvenWithAnAdminToken(string method, string path)
    {
        using var client = _gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "an-admin-token-0123456789abcdef0123456789");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { email = "ops@example.test", tier = "enterprise" });
        }

        using var response = await client.SendAsync(request);
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(problem.Status, Is.EqualTo(404));
        });
    }
}
