using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>
/// A key is one set of rights in the dashboard too: its allowed networks against the real client address, its
/// scopes (only a key without scopes or with scope <c>account</c> manages the account), checked at sign-in and on
/// every request, and keys made in a session never wider than the key that opened it. With no payment provider,
/// a priced tier is not the consumer's to take. Every request here comes from <see cref="_peer"/>, which a test may move.
/// </summary>
public sealed class DashboardRightsTests
{
    private const string Office = "203.0.113.7";
    private static readonly string[] OfficeOnly = [Office];
    private static readonly string[] OfficeNetwork = ["203.0.113.0/24"];
    private static readonly string[] Everywhere = ["0.0.0.0/0"];
    private static readonly string[] TenNet = ["10.0.0.0/8"];
    private static readonly string[] CurrentOnly = ["current"];
    private static readonly string[] HourlyOnly = ["forecast-hourly"];
    private static readonly string[] AccountOnly = ["account"];
    private static readonly string[] AccountAndCurrent = ["account", "current"];
    private IPAddress _peer = IPAddress.Loopback;
    private GatewayHost _host = null!;
    private AccountSetUp _operator = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        // Billing:Provider left unset outside Development: None, as a production deployment without payments.
        // The client address is the gateway's: a TLS proxy on loopback and one network are its trusted proxies.
        _host = DashboardTestBase.NewHost(
            new Dictionary<string, string?>
            {
                ["Dashboard:SignInFailureLimit"] = "100000",
                ["Gateway:TrustedProxies:0"] = "127.0.0.1",
                ["Gateway:TrustedProxies:1"] = "10.9.0.0/16",
            },
            services => services.AddSingleton<IStartupFilter>(new ClientAddressStartupFilter(() => _peer)));
        _operator = new AccountSetUp(_host.Services);
    }

    [OneTimeTearDown]
    public ValueTask StopHostAsync() => _host.DisposeAsync();

    [SetUp]
    public void FromLoopback() => _peer = IPAddress.Loopback;

    [Test]
    public async Task SignIn_KeyLimitedToAnotherAddress_Is403()
    {
        // Observed: a key limited to 203.0.113.7 opened a session from 127.0.0.1.
        var (_, rawKey) = await AccountAsync(new NewApiKey("office", AllowedIps: OfficeOnly));
        using var browser = Browser();

        using var response = await browser.SignInAsync(rawKey);

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:address-not-allowed"));
            Assert.That(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("tg_session=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)), Is.False);
        });
    }

    [Test]
    public async Task SignIn_FromTheAllowedAddress_AsTheGatewayForwardsIt_Opens()
    {
        var (_, rawKey) = await AccountAsync(new NewApiKey("office", AllowedIps: OfficeOnly));
        using var browser = Browser();
        // A trusted proxy on loopback (Gateway:TrustedProxies) forwards the client it found.
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", Office);

        await browser.SignInOkAsync(rawKey);
    }

    [Test]
    public async Task SignIn_ForwardedForFromAnUntrustedPeer_IsNotBelieved()
    {
        var (_, rawKey) = await AccountAsync(new NewApiKey("office", AllowedIps: OfficeOnly));
        _peer = IPAddress.Parse("192.0.2.99");
        using var browser = Browser();
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", Office);

        using var response = await browser.SignInAsync(rawKey);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Session_UsedFromOutsideTheKeysNetworks_IsRefused_AndTheOwnersSessionGoesOn()
    {
        var (_, rawKey) = await AccountAsync(new NewApiKey("office", AllowedIps: OfficeOnly));
        _peer = IPAddress.Parse(Office);
        using var owner = Browser();
        using var signIn = await owner.SignInAsync(rawKey);
        var cookie = Microsoft.Net.Http.Headers.SetCookieHeaderValue.ParseList([.. signIn.Headers.GetValues("Set-Cookie")])
            .Single(c => c.Name == "tg_session").Value.Value;

        // The same cookie, carried to another network.
        _peer = IPAddress.Parse("198.51.100.200");
        using var elsewhere = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var stolen = new HttpRequestMessage(HttpMethod.Get, "/dashboard/api/keys");
        stolen.Headers.Add("Cookie", $"tg_session={cookie}");
        using var refused = await elsewhere.SendAsync(stolen);
        _peer = IPAddress.Parse(Office);
        using var back = await owner.Http.GetAsync("/dashboard/api/keys");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task SignIn_FeatureScopedKey_Is403_AndNothingElseFollows()
    {
        // Observed: a key scoped to 'current' opened a session, minted an unrestricted key and moved the account to Enterprise.
        var (accountId, rawKey) = await AccountAsync(new NewApiKey("widget", Scopes: CurrentOnly));
        using var browser = Browser();

        using var response = await browser.SignInAsync(rawKey);
        var problem = await Problem.ReadAsync(response);
        using var mint = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "wide" });
        using var upgrade = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "enterprise" });

        var keys = await _operator.KeyCountAsync(accountId);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:key-cannot-manage-account"));
            Assert.That(problem.Detail, Does.Contain("account"));
            Assert.That(mint.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(upgrade.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(keys, Is.EqualTo(1));
            Assert.That(await _operator.TierOfAsync(accountId), Is.EqualTo("free"));
        });
    }

    [Test]
    public async Task SignIn_AccountScopedKey_Opens()
    {
        var (_, rawKey) = await AccountAsync(new NewApiKey("billing", Scopes: AccountOnly));
        using var browser = Browser();

        await browser.SignInOkAsync(rawKey);
    }

    [Test]
    public async Task CreateKey_AskingNothing_InheritsTheOpenersScopesNetworksAndExpiry()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(3);
        var (_, rawKey) = await AccountAsync(
            new NewApiKey("limited", expires, AccountAndCurrent, OfficeNetwork), tier: "pro");
        _peer = IPAddress.Parse(Office);
        using var browser = Browser();
        await browser.SignInOkAsync(rawKey);

        using var created = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", new { name = "child" });
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), key.ToString());
            Assert.That(key.Strings("scopes"), Is.EqualTo(AccountAndCurrent));
            Assert.That(key.Strings("allowed_ips"), Is.EqualTo(OfficeNetwork));
            Assert.That(key.GetProperty("expires_at").GetDateTimeOffset(), Is.EqualTo(expires).Within(TimeSpan.FromSeconds(1)));
        });
    }

    [TestCase("scopes")]
    [TestCase("allowed_ips")]
    [TestCase("expires_at")]
    public async Task CreateKey_WiderThanTheOpener_Is403AndIssuesNothing(string field)
    {
        var (accountId, rawKey) = await AccountAsync(
            new NewApiKey("limited", DateTimeOffset.UtcNow.AddDays(3), AccountAndCurrent, OfficeNetwork), tier: "pro");
        _peer = IPAddress.Parse(Office);
        using var browser = Browser();
        await browser.SignInOkAsync(rawKey);
        object body = field switch
        {
            "scopes" => new { name = "wide", scopes = HourlyOnly },
            "allowed_ips" => new { name = "wide", allowed_ips = Everywhere },
            _ => new { name = "wide", expires_at = DateTimeOffset.UtcNow.AddDays(30) },
        };

        using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys", body);

        var problem = await Problem.ReadAsync(response);
        var keys = await _operator.KeyCountAsync(accountId);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:key-wider-than-session"));
            Assert.That(problem.Body.GetProperty("field").GetString(), Is.EqualTo(field));
            Assert.That(keys, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CreateKey_UnrestrictedOpener_MayGrantAnything()
    {
        var (_, rawKey) = await AccountAsync(new NewApiKey("laptop"), tier: "pro");
        using var browser = Browser();
        await browser.SignInOkAsync(rawKey);

        using var created = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/keys",
            new { name = "ci", scopes = HourlyOnly, allowed_ips = TenNet });

        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(key.Strings("scopes"), Is.EqualTo(HourlyOnly));
            Assert.That(key.Strings("allowed_ips"), Is.EqualTo(TenNet));
            Assert.That(key.GetProperty("expires_at").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task ChangeTier_ToAPricedTierWithoutPayment_Is402SayingHow()
    {
        var (accountId, rawKey) = await AccountAsync(new NewApiKey("laptop"));
        using var browser = Browser();
        await browser.SignInOkAsync(rawKey);

        using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "enterprise" });

        var problem = await Problem.ReadAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
            Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:payment-required"));
            Assert.That(problem.Detail, Does.Contain("admin"));
            Assert.That(await _operator.TierOfAsync(accountId), Is.EqualTo("free"));
        });
    }

    [Test]
    public async Task ChangeTier_DownWithoutPayment_Works()
    {
        var (accountId, rawKey) = await AccountAsync(new NewApiKey("laptop"), tier: "business");
        using var browser = Browser();
        await browser.SignInOkAsync(rawKey);

        using var response = await browser.SendAsync(HttpMethod.Put, "/dashboard/api/tier", new { tier = "pro" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _operator.TierOfAsync(accountId), Is.EqualTo("pro"));
    }

    private DashboardClient Browser() => new(_host.CreateClient());

    private async Task<(string AccountId, string RawKey)> AccountAsync(NewApiKey key, string tier = "free")
    {
        var accountId = await _operator.CreateAccountIdAsync(tier);
        var created = await _operator.CreateKeyAsync(accountId, key);
        return (accountId, created.RawKey);
    }
}
