using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.AdminApi.FunctionalTests.Infrastructure;
using Tollgate.Core.Keys;
using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Core.Tiers;

namespace Tollgate.AdminApi.FunctionalTests.Accounts;

public sealed class AccountEndpointsTests : AdminApiTestBase
{
    [Test]
    public async Task CreateAccount_ValidRequest_Returns201WithLocationAndAccount()
    {
        var email = AdminClient.NewEmail();

        using var response = await Client.PostAsJsonAsync("/admin/accounts", new { email, tier = "pro" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(body.Str("id"), Does.StartWith("acc_"));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/admin/accounts/{body.Str("id")}"));
            Assert.That(body.Str("email"), Is.EqualTo(email));
            Assert.That(body.Str("tier"), Is.EqualTo("pro"));
            Assert.That(body.GetProperty("created_at").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public async Task CreateAccount_NoTier_DefaultsToFree()
    {
        using var response = await Client.PostAsJsonAsync("/admin/accounts", new { email = AdminClient.NewEmail() });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).Str("tier"), Is.EqualTo("free"));
    }

    [Test]
    public async Task CreateAccount_TierInOtherCase_StoresItLowercase()
    {
        var account = await Client.CreateAccountAsync(tier: "Business");

        Assert.That(account.Str("tier"), Is.EqualTo("business"));
    }

    [Test]
    public async Task CreateAccount_SameEmailInOtherCase_Returns409NamingTheAccount()
    {
        var local = Guid.NewGuid().ToString("N");
        var first = await Client.CreateAccountAsync(email: $"{local}@Example.TEST");

        using var response = await Client.PostAsJsonAsync("/admin/accounts", new { email = $"  {local.ToUpperInvariant()}@example.test " });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(first.Str("email"), Is.EqualTo($"{local}@example.test"), "stored lowercase");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:email-taken"));
            Assert.That(problem.Body.Str("account_id"), Is.EqualTo(first.Str("id")));
        });
    }

    [TestCase("not-an-email")]
    [TestCase("user@localhost")]
    [TestCase("Name <user@example.com>")]
    [TestCase("user name@example.com")]
    [TestCase("user@@example.com")]
    [TestCase("@example.com")]
    [TestCase("user@")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("user@exam\nple.com")]
    public async Task CreateAccount_BadEmail_Returns400NamingEmail(string email)
    {
        using var response = await Client.PostAsJsonAsync("/admin/accounts", new { email });

        await AssertInvalidAsync(response, "email");
    }

    [Test]
    public async Task CreateAccount_EmailLongerThan254_Returns400NamingEmail()
    {
        var email = new string('a', 64) + "@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 4)) + ".test";

        using var response = await Client.PostAsJsonAsync("/admin/accounts", new { email });

        Assert.That(email, Has.Length.GreaterThan(254));
        await AssertInvalidAsync(response, "email");
    }

    [Test]
    public async Task CreateAccount_MissingEmail_Returns400NamingEmail()
    {
        using var response = await Client.PostAsJsonAsync("/admin/accounts", new { tier = "pro" });

        await AssertInvalidAsync(response, "email");
    }

    [Test]
    public async Task CreateAccount_UnknownTier_Returns400NamingTheTier()
    {
        using var response = await Client.PostAsJsonAsync("/admin/accounts", new { email = AdminClient.NewEmail(), tier = "platinum" });

        var problem = await AssertInvalidAsync(response, "tier");
        Assert.Multiple(() =>
        {
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:unknown-tier"));
            Assert.That(problem.Detail, Does.Contain("platinum").And.Contain("free"));
        });
    }

    [Test]
    public async Task GetAccount_Existing_ReturnsIt()
    {
        var created = await Client.CreateAccountAsync(tier: "business");

        var read = await Client.GetJsonAsync($"/admin/accounts/{created.Str("id")}");

        Assert.That(read.ToString(), Is.EqualTo(created.ToString()));
    }

    [TestCase("acc_aaaaaaaaaaaaaaaa")]
    [TestCase("acc_zzzz")]
    [TestCase("not-an-id")]
    [TestCase("ACC_AAAAAAAAAAAAAAAA")]
    public async Task GetAccount_UnknownId_Returns404Problem(string id)
    {
        using var response = await Client.GetAsync($"/admin/accounts/{Uri.EscapeDataString(id)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:account-not-found"));
    }

    [Test]
    public async Task ListAccounts_Paging_ReturnsAccountsOldestFirstWithTotal()
    {
        var before = (await Client.GetJsonAsync("/admin/accounts?page_size=1")).GetProperty("total").GetInt64();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await Client.CreateAccountIdAsync());
            await Task.Delay(2); // distinct creation milliseconds, so the order is certain
        }

        // Where they stand in the whole list: not necessarily last, since other suites sharing this Redis (a Cluster in CI)
        // may have made accounts on a clock set days ahead, which sort after these.
        var all = new List<string>();
        for (var page = 1; all.Count < before + 5; page++)
        {
            var items = (await Client.GetJsonAsync($"/admin/accounts?page={page}&page_size=200")).GetProperty("items");
            all.AddRange(items.EnumerateArray().Select(a => a.Str("id")));
            if (items.GetArrayLength() == 0)
            {
                break;
            }
        }
        var first = all.IndexOf(created[0]);
        Assert.That(all.Skip(first).Take(5), Is.EqualTo(created), "oldest first, in the order they were made");

        var pages = new List<JsonElement>();
        for (var page = first + 1; page <= first + 5; page++)
        {
            pages.Add(await Client.GetJsonAsync($"/admin/accounts?page={page}&page_size=1"));
        }
        var pageOfTwo = await Client.GetJsonAsync($"/admin/accounts?page={(before / 2) + 1}&page_size=2");

        Assert.Multiple(() =>
        {
            Assert.That(pages.Select(p => p.GetProperty("items")[0].Str("id")), Is.EqualTo(created));
            Assert.That(pages.Select(p => p.GetProperty("total").GetInt64()), Is.All.EqualTo(before + 5));
            Assert.That(pages[0].GetProperty("page").GetInt32(), Is.EqualTo(first + 1));
            Assert.That(pages[0].GetProperty("page_size").GetInt32(), Is.EqualTo(1));
            Assert.That(pageOfTwo.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ListAccounts_Defaults_AreFirstPageOf50()
    {
        var page = await Client.GetJsonAsync("/admin/accounts");

        Assert.Multiple(() =>
        {
            Assert.That(page.GetProperty("page").GetInt32(), Is.EqualTo(1));
            Assert.That(page.GetProperty("page_size").GetInt32(), Is.EqualTo(50));
            Assert.That(page.GetProperty("items").GetArrayLength(), Is.LessThanOrEqualTo(50));
        });
    }

    [Test]
    public async Task ListAccounts_TierFilter_ReturnsOnlyThatTierWithItsTotal()
    {
        var enterprise = (string[])[await Client.CreateAccountIdAsync("enterprise"), await Client.CreateAccountIdAsync("enterprise")];
        await Client.CreateAccountIdAsync("free");

        var all = await Client.GetJsonAsync("/admin/accounts?tier=Enterprise&page_size=200");
        var firstOfOne = await Client.GetJsonAsync("/admin/accounts?tier=enterprise&page_size=1");

        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i.Str("tier")), Is.All.EqualTo("enterprise"));
            Assert.That(items.Select(i => i.Str("id")), Is.SupersetOf(enterprise));
            Assert.That(all.GetProperty("total").GetInt64(), Is.EqualTo(items.Count));
            Assert.That(firstOfOne.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(firstOfOne.GetProperty("total").GetInt64(), Is.EqualTo(items.Count));
        });
    }

    [Test]
    public async Task ListAccounts_PageBeyondTheEnd_ReturnsNoItems()
    {
        var page = await Client.GetJsonAsync("/admin/accounts?page=1000000&page_size=200");

        Assert.That(page.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [TestCase("page=0", "page")]
    [TestCase("page=-1", "page")]
    [TestCase("page_size=0", "page_size")]
    [TestCase("page_size=201", "page_size")]
    [TestCase("page=abc", "page")]
    [TestCase("page_size=1.5", "page_size")]
    [TestCase("page=99999999999", "page")]
    [TestCase("tier=gold", "tier")]
    public async Task ListAccounts_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await Client.GetAsync($"/admin/accounts?{query}");

        await AssertInvalidAsync(response, field);
    }

    [Test]
    public async Task DeleteAccount_Existing_RemovesAccountKeysUsageAndFreesTheEmail()
    {
        var account = await Client.CreateAccountAsync("pro");
        var id = account.Str("id");
        var key = await Client.CreateKeyAsync(id);
        var catalog = Host.Services.GetRequiredService<TierCatalog>();
        catalog.TryGet("pro", out var pro);
        await Host.Services.GetRequiredService<IRateLimiter>().AcquireAsync(id, key.Str("key_id"), 1, pro!.Limits, CancellationToken.None);
        Assert.That(await RedisSetUp.Redis.KeysAsync(RedisKeys.AccountPattern(id)), Is.Not.Empty, "precondition: windows and usage exist");

        using var response = await Client.DeleteAsync($"/admin/accounts/{id}");

        using var read = await Client.GetAsync($"/admin/accounts/{id}");
        var keyRecord = await Host.Services.GetRequiredService<IApiKeyStore>()
            .FindByHashAsync(Host.Services.GetRequiredService<ApiKeyHasher>().Hash(key.Str("api_key")), CancellationToken.None);
        using var again = await Client.PostAsJsonAsync("/admin/accounts", new { email = account.Str("email") });
        var listed = await Client.GetJsonAsync("/admin/accounts?page_size=200&page=1");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await RedisSetUp.Redis.KeysAsync(RedisKeys.AccountPattern(id)), Is.Empty, "nothing left under the account's tag");
            Assert.That(keyRecord?.RevokedAt, Is.Not.Null, "its keys are revoked");
            Assert.That(await RedisSetUp.Redis.Database.KeyTimeToLiveAsync(RedisKeys.ApiKey(
                Host.Services.GetRequiredService<ApiKeyHasher>().Hash(key.Str("api_key")))), Is.Not.Null, "and forgotten in time");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the email is free again");
            Assert.That(listed.GetProperty("items").EnumerateArray().Select(i => i.Str("id")), Does.Not.Contain(id));
            Assert.That(await RedisSetUp.Redis.Database.SortedSetScoreAsync(RedisKeys.AccountIndex, id), Is.Null, "gone from the index");
        });
    }

    [TestCase("acc_aaaaaaaaaaaaaaaa")]
    [TestCase("whatever")]
    public async Task DeleteAccount_Unknown_Returns404(string id)
    {
        using var response = await Client.DeleteAsync($"/admin/accounts/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Problem.ReadAsync(response)).Type, Is.EqualTo("urn:tollgate:problem:account-not-found"));
    }

    [Test]
    public async Task DeleteAccount_Twice_SecondReturns404()
    {
        var id = await Client.CreateAccountIdAsync();
        using var first = await Client.DeleteAsync($"/admin/accounts/{id}");

        using var second = await Client.DeleteAsync($"/admin/accounts/{id}");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>Asserts a 400 problem+json that names <paramref name="field"/> in its errors.</summary>
    internal static async Task<Problem> AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Type, Does.StartWith("urn:tollgate:problem:"));
            Assert.That(problem.ErrorFields, Does.Contain(field));
            Assert.That(problem.Detail, Does.Contain(field));
        });
        return problem;
    }
}
