using System.Net;
using System.Net.Http.Json;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Operations;

/// <summary>
/// The admin API is the operators' service only: the dashboard and every other consumer route live on the gateway,
/// and operators still change tiers without a payment provider.
/// </summary>
public sealed class OperatorOnlyTests : AdminApiTestBase
{
    [TestCase("/dashboard")]
    [TestCase("/dashboard/api/session")]
    [TestCase("/dashboard/assets/js/app.js")]
    [TestCase("/api/v3/subscription/tiers")]
    public async Task ConsumerRoutes_AreNotServed(string path)
    {
        using var anonymous = Host.CreateClient(token: null);

        using var response = await anonymous.GetAsync(path);
        var problem = await Problem.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:not-found"));
        });
    }

    [Test]
    public async Task OpenApiDocument_DoesNotDescribeTheDashboard()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");

        Assert.That(document, Does.Not.Contain("/dashboard"));
    }

    [Test]
    public async Task AdminTierChange_WithoutPayment_StillWorks()
    {
        // Billing:Provider left unset outside Development: None, as a production deployment without payments.
        var accountId = await Client.CreateAccountIdAsync("free");

        using var response = await Client.PutAsJsonAsync($"/admin/accounts/{accountId}/tier", new { tier = "enterprise" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetJsonAsync($"/admin/accounts/{accountId}")).Str("tier"), Is.EqualTo("enterprise"));
    }
}
