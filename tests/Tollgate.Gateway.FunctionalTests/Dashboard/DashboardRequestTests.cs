using System.Net;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>The dashboard's JSON requests in the gateway: a field the API does not know is refused, not ignored.</summary>
public sealed class DashboardRequestTests : DashboardTestBase
{
    [Test]
    public async Task CreateKey_MisspeltField_Is400AndIssuesNothing()
    {
        var (browser, account) = await SignedInAsync();
        using (browser)
        {
            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "ci", scope = (string[])["current"] });
            var problem = await Problem.ReadAsync(response);

            Assert.Multiple(async () =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(problem.Status, Is.EqualTo(400));
                Assert.That(await Operator.KeyCountAsync(account.Id), Is.EqualTo(1));
            });
        }
    }
}
