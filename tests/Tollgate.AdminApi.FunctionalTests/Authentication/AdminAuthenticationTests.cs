using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Authentication;

public sealed class AdminAuthenticationTests : AdminApiTestBase
{
    private const string SecondToken = "second-admin-token-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    [Test]
    public async Task Request_WithoutToken_Returns401ProblemWithBearerChallenge()
    {
        using var anonymous = Host.CreateClient(token: null);

        using var response = await anonymous.GetAsync("/admin/tiers");

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EqualTo((string[])["Bearer"]));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:admin-token-missing"));
        });
    }

    [Test]
    public async Task Request_WithWrongToken_Returns401InvalidToken()
    {
        using var impostor = Host.CreateClient(token: AdminApiHost.Token[..^1] + "X");

        using var response = await impostor.PostAsync("/admin/accounts", JsonContent.Create(new { email = AdminClient.NewEmail() }));

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Bearer"));
            Assert.That(response.Headers.WwwAuthenticate.Single().Parameter, Does.Contain("invalid_token"));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:admin-token-invalid"));
        });
    }

    [TestCase("Basic YWRtaW46YWRtaW4=")]
    [TestCase("Bearer")]
    [TestCase("Bearer ")]
    [TestCase("Token admin-test-token-7f3a9c0e1b2d4f6a8c0e2b4d6f8a0c1e")]
    public async Task Request_WithMalformedAuthorization_Returns401(string authorization)
    {
        using var client = Host.CreateClient(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/tiers");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Problem.ReadAsync(response)).Type, Does.StartWith("urn:tollgate:problem:admin-token-"));
    }

    [Test]
    public async Task Request_WithRightToken_Succeeds()
    {
        using var response = await Client.GetAsync("/admin/tiers");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Request_WithLowercaseBearerScheme_Succeeds()
    {
        using var client = Host.CreateClient(token: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", AdminApiHost.Token);

        using var response = await client.GetAsync("/admin/tiers");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Request_WithEitherOfTwoConfiguredTokens_SucceedsAndIsAuditedUnderItsOwnId()
    {
        await using var host = new AdminApiHost(new Dictionary<string, string?> { ["Admin:Tokens:1"] = SecondToken });
        using var first = host.CreateClient();
        using var second = host.CreateClient(SecondToken);

        var byFirst = await first.CreateAccountIdAsync();
        var bySecond = await second.CreateAccountIdAsync();

        var firstEntry = (await first.GetJsonAsync($"/admin/audit?account_id={byFirst}")).GetProperty("items")[0];
        var secondEntry = (await first.GetJsonAsync($"/admin/audit?account_id={bySecond}")).GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(firstEntry.Str("actor"), Is.EqualTo(Secrets.TokenIdOf(AdminApiHost.Token)));
            Assert.That(secondEntry.Str("actor"), Is.EqualTo(Secrets.TokenIdOf(SecondToken)));
        });
    }

    [Test]
    public async Task Requests_RightOrWrong_NeverLogTheToken()
    {
        var wrong = "wrong-admin-token-ffffffffffffffffffffffffffffffff";
        using var impostor = Host.CreateClient(wrong);
        using (await impostor.GetAsync("/admin/tiers"))
        {
        }
        await Client.CreateAccountIdAsync();

        Assert.That(Host.Logs.Lines, Is.Not.Empty);
        Assert.That(Host.Logs.Lines.Where(l => l.Contains(AdminApiHost.Token, StringComparison.Ordinal) || l.Contains(wrong, StringComparison.Ordinal)),
            Is.Empty);
    }
}
