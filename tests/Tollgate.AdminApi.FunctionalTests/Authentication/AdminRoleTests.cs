using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;

namespace Tollgate.AdminApi.FunctionalTests.Authentication;

/// <summary>
/// Admin tokens with roles: <c>read</c> reads, <c>support</c> also manages keys, <c>billing</c> also changes tiers,
/// <c>admin</c> (and a token given as a plain string) does everything; anything else is a 403 problem.
/// </summary>
public sealed class AdminRoleTests
{
    private const string ReadToken = "read-role-token-0123456789abcdef0123456789abcdef";
    private const string SupportToken = "support-role-token-0123456789abcdef0123456789abcd";
    private const string BillingToken = "billing-role-token-0123456789abcdef0123456789abcd";
    private const string ExplicitAdminToken = "admin-role-token-0123456789abcdef0123456789abcdef";

    private AdminApiHost _host = null!;
    private HttpClient _admin = null!;
    private HttpClient _read = null!;
    private HttpClient _support = null!;
    private HttpClient _billing = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        // Admin:Tokens:0 is AdminApiHost.Token, given as a plain string: the form used before roles existed.
        _host = new AdminApiHost(new Dictionary<string, string?>
        {
            ["Admin:Tokens:1:Token"] = ReadToken,
            ["Admin:Tokens:1:Role"] = "read",
            ["Admin:Tokens:2:Token"] = SupportToken,
            ["Admin:Tokens:2:Role"] = "support",
            ["Admin:Tokens:3:Token"] = BillingToken,
            ["Admin:Tokens:3:Role"] = "Billing",
            ["Admin:Tokens:4:Token"] = ExplicitAdminToken,
            ["Admin:Tokens:4:Role"] = "admin",
        });
        _admin = _host.CreateClient();
        _read = _host.CreateClient(ReadToken);
        _support = _host.CreateClient(SupportToken);
        _billing = _host.CreateClient(BillingToken);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        _admin.Dispose();
        _read.Dispose();
        _support.Dispose();
        _billing.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task ReadToken_ReadsEverything()
    {
        var id = await _admin.CreateAccountIdAsync();
        var key = await _admin.CreateKeyAsync(id);

        foreach (var path in (string[])[
            "/admin/accounts", $"/admin/accounts/{id}", $"/admin/accounts/{id}/keys", $"/admin/accounts/{id}/keys/{key.Str("key_id")}",
            $"/admin/accounts/{id}/usage", $"/admin/accounts/{id}/usage-history", "/admin/tiers", $"/admin/audit?account_id={id}"])
        {
            using var response = await _read.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }
    }

    [Test]
    public async Task ReadToken_Post_Gets403ProblemNamingTheRoleNeededAndChangesNothing()
    {
        var email = AdminClient.NewEmail();

        using var response = await _read.PostAsJsonAsync("/admin/accounts", new { email });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:admin-role-insufficient"));
            Assert.That(problem.Body.Str("required_role"), Is.EqualTo("admin"));
            Assert.That(problem.Body.Str("token_role"), Is.EqualTo("read"));
            Assert.That(problem.Detail, Does.Contain(Secrets.TokenIdOf(ReadToken)).And.Not.Contain(ReadToken));
        });
        using var created = await _admin.PostAsJsonAsync("/admin/accounts", new { email });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the refused request created no account");
    }

    [Test]
    public async Task ReadToken_EveryChange_Gets403()
    {
        var id = await _admin.CreateAccountIdAsync();
        var keyId = (await _admin.CreateKeyAsync(id)).Str("key_id");

        var statuses = new Dictionary<string, HttpStatusCode>
        {
            ["create key"] = await StatusAsync(_read.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "x" })),
            ["revoke key"] = await StatusAsync(_read.DeleteAsync($"/admin/accounts/{id}/keys/{keyId}")),
            ["rotate key"] = await StatusAsync(_read.PostAsync($"/admin/accounts/{id}/keys/{keyId}/rotate", content: null)),
            ["change tier"] = await StatusAsync(_read.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" })),
            ["delete account"] = await StatusAsync(_read.DeleteAsync($"/admin/accounts/{id}")),
            ["import"] = await StatusAsync(_read.PostAsync("/admin/import/users", Csv(AdminClient.NewEmail()))),
        };

        Assert.That(statuses, Has.All.Property("Value").EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task SupportToken_CreatesRevokesAndRotatesKeys()
    {
        var id = await _admin.CreateAccountIdAsync("pro");

        var created = await _support.CreateKeyAsync(id);
        using var rotated = await _support.PostAsync($"/admin/accounts/{id}/keys/{created.Str("key_id")}/rotate", content: null);
        using var revoked = await _support.DeleteAsync($"/admin/accounts/{id}/keys/{created.Str("key_id")}");

        Assert.Multiple(() =>
        {
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.OK));
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.NoContent));
        });
    }

    [Test]
    public async Task SupportToken_CannotChangeTiersOrAccounts()
    {
        var id = await _admin.CreateAccountIdAsync();

        using var tier = await _support.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" });
        var statuses = new[]
        {
            tier.StatusCode,
            await StatusAsync(_support.PostAsJsonAsync("/admin/accounts", new { email = AdminClient.NewEmail() })),
            await StatusAsync(_support.DeleteAsync($"/admin/accounts/{id}")),
            await StatusAsync(_support.PostAsync("/admin/import/users", Csv(AdminClient.NewEmail()))),
        };

        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await Problem.ReadAsync(tier)).Body.Str("required_role"), Is.EqualTo("billing"));
            Assert.That((await _admin.GetJsonAsync($"/admin/accounts/{id}")).Str("tier"), Is.EqualTo("free"));
        });
    }

    [Test]
    public async Task BillingToken_ChangesTiersButNotKeysOrAccounts()
    {
        var id = await _admin.CreateAccountIdAsync();
        var keyId = (await _admin.CreateKeyAsync(id)).Str("key_id");

        using var tier = await _billing.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" });
        using var createKey = await _billing.PostAsJsonAsync($"/admin/accounts/{id}/keys", new { name = "x" });
        var refused = new[]
        {
            createKey.StatusCode,
            await StatusAsync(_billing.DeleteAsync($"/admin/accounts/{id}/keys/{keyId}")),
            await StatusAsync(_billing.PostAsync($"/admin/accounts/{id}/keys/{keyId}/rotate", content: null)),
            await StatusAsync(_billing.DeleteAsync($"/admin/accounts/{id}")),
        };

        Assert.Multiple(async () =>
        {
            Assert.That(tier.StatusCode, Is.EqualTo(HttpStatusCode.OK), await tier.Content.ReadAsStringAsync());
            Assert.That(refused, Has.All.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await Problem.ReadAsync(createKey)).Body.Str("required_role"), Is.EqualTo("support"));
            Assert.That((await _admin.GetJsonAsync($"/admin/accounts/{id}/keys/{keyId}")).Str("status"), Is.EqualTo("active"));
        });
    }

    [TestCase(AdminApiHost.Token, TestName = "PlainStringToken_IsAdmin_DoesEverything")]
    [TestCase(ExplicitAdminToken, TestName = "AdminRoleToken_DoesEverything")]
    public async Task AdminToken_DoesEverything(string token)
    {
        using var admin = _host.CreateClient(token);

        var id = await admin.CreateAccountIdAsync();
        var keyId = (await admin.CreateKeyAsync(id)).Str("key_id");
        var statuses = new[]
        {
            await StatusAsync(admin.PostAsync($"/admin/accounts/{id}/keys/{keyId}/rotate", content: null)),
            await StatusAsync(admin.DeleteAsync($"/admin/accounts/{id}/keys/{keyId}")),
            await StatusAsync(admin.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" })),
            await StatusAsync(admin.PostAsync("/admin/import/users", Csv(AdminClient.NewEmail()))),
            await StatusAsync(admin.DeleteAsync($"/admin/accounts/{id}")),
        };

        Assert.That(statuses.Select(s => (int)s), Has.All.InRange(200, 299));
    }

    [Test]
    public async Task Audit_RecordsTheTokenIdAndRoleOfEachChange()
    {
        var id = await _admin.CreateAccountIdAsync();
        var keyId = (await _support.CreateKeyAsync(id)).Str("key_id");
        using (await _billing.PutAsJsonAsync($"/admin/accounts/{id}/tier", new { tier = "pro" }))
        {
        }

        var entries = (await _read.GetJsonAsync($"/admin/audit?account_id={id}")).GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.Str("action"), e => (Actor: e.Str("actor"), Role: e.Str("actor_role")));

        Assert.That(entries, Is.EquivalentTo(new Dictionary<string, (string, string)>
        {
            ["account.created"] = (Secrets.TokenIdOf(AdminApiHost.Token), "admin"),
            ["key.created"] = (Secrets.TokenIdOf(SupportToken), "support"),
            ["account.tier_changed"] = (Secrets.TokenIdOf(BillingToken), "billing"),
        }));
        Assert.That(keyId, Is.Not.Empty);
    }

    [Test]
    public void EveryAdminEndpoint_NamesTheRoleItNeeds()
    {
        // The group's policy makes an endpoint without a role policy admin-only; this keeps each one deliberate.
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/admin", StringComparison.Ordinal) == true);

        var withoutRole = endpoints
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy?.StartsWith("AdminRole:", StringComparison.Ordinal) == true))
            .Select(e => e.DisplayName);

        Assert.Multiple(() =>
        {
            Assert.That(endpoints, Is.Not.Empty);
            Assert.That(withoutRole, Is.Empty);
        });
    }

    private static StringContent Csv(string email) =>
        new($"id,username,email,created_at,subscription_tier\r\n1,someone,{email},2024-01-01,free\r\n", Encoding.UTF8, "text/csv");

    private static async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return response.StatusCode;
    }
}
