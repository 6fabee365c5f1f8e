using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Gateway.FunctionalTests.Webhooks;

namespace Tollgate.Gateway.FunctionalTests.Dashboard;

/// <summary>
/// Webhook endpoints managed from the dashboard: the same registry, rules and answers as the admin API, reached with the
/// session and its CSRF token; events delivered by the gateway's worker to a receiver that verifies the signature with the
/// secret the dashboard showed.
/// </summary>
public sealed class DashboardWebhookTests
{
    private static readonly string[] KeyRevokedOnly = ["key.revoked"];

    private WebhookReceiver _receiver = null!;
    private GatewayHost _host = null!;
    private GatewayHost _publicOnly = null!;
    private AdminApiHost _admin = null!;
    private HttpClient _adminClient = null!;
    private AccountSetUp _operator = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _host = DashboardTestBase.NewHost(Settings(allowPrivateNetworks: true));
        _operator = new AccountSetUp(_host.Services); // starts it, and its delivery worker with it
        // Registration only: its worker would refuse to connect to the loopback receiver and delay the other host's deliveries.
        var publicOnly = Settings(allowPrivateNetworks: false);
        publicOnly["Webhooks:DeliveryEnabled"] = "false";
        _publicOnly = DashboardTestBase.NewHost(publicOnly);
        _admin = new AdminApiHost(WebhookSettings.Fast(allowPrivateNetworks: false));
        _adminClient = _admin.CreateClient();
    }

    [TearDown]
    public void ShowWorkerLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine(string.Join(Environment.NewLine,
                _host.Logs.Lines.Where(l => l.Contains("ebhook", StringComparison.Ordinal)).TakeLast(30)));
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _adminClient.Dispose();
        await _admin.DisposeAsync();
        await _publicOnly.DisposeAsync();
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Test]
    public async Task Create_ShowsTheSecretOnce_AndAnEventArrivesSignedWithIt_LoggedAndRedeliverable()
    {
        var (browser, account) = await SignedInAsync(_host);
        using (browser)
        {
            var spare = await _operator.CreateKeyAsync(account.Id, new Core.Keys.NewApiKey("spare"));

            using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/webhooks",
                new { url = _receiver.UrlFor("dash-created"), events = KeyRevokedOnly });
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), created.ToString());
            var webhookId = created.Str("id");
            var secret = created.Str("secret");
            var audit = await _operator.LatestAuditAsync(account.Id);
            var list = await browser.GetJsonAsync("/dashboard/api/webhooks");
            Assert.Multiple(() =>
            {
                Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/dashboard/api/webhooks/{webhookId}"));
                Assert.That(secret, Does.StartWith("whsec_"));
                Assert.That(created.Strings("events"), Is.EqualTo((string[])["key.revoked"]));
                Assert.That(audit.Action, Is.EqualTo("webhook.created"));
                Assert.That(audit.Actor, Is.EqualTo(account.KeyId));
                Assert.That(audit.Details["via"], Is.EqualTo("dashboard"));
                Assert.That(list.GetProperty("webhooks").EnumerateArray().Select(w => w.Str("id")), Is.EqualTo((string[])[webhookId]));
                Assert.That(list.GetProperty("webhooks")[0].TryGetProperty("secret", out _), Is.False, "the list never shows a secret");
                Assert.That(list.Strings("event_types"), Does.Contain("usage.threshold").And.Contain("key.revoked"));
                Assert.That(list.GetProperty("max_webhooks").GetInt32(), Is.Positive);
                Assert.That(_host.Logs.Lines.Where(l => l.Contains(secret, StringComparison.Ordinal)), Is.Empty);
            });

            using (var revoke = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/keys/{spare.Record.KeyId}"))
            {
                Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
            var delivery = (await _receiver.WaitForAsync("dash-created")).Single();
            Assert.Multiple(() =>
            {
                Assert.That(delivery.IsSignedWith(secret), Is.True, delivery.Signature);
                Assert.That(delivery.Type, Is.EqualTo("key.revoked"));
                Assert.That(delivery.Json.GetProperty("data").Str("key_id"), Is.EqualTo(spare.Record.KeyId));
            });

            var logged = await WaitForDeliveryStatusAsync(browser, webhookId, "succeeded");
            Assert.That(logged.Str("id"), Is.EqualTo(delivery.Id));

            using (var redeliver = await browser.SendAsync(HttpMethod.Post,
                $"/dashboard/api/webhooks/{webhookId}/deliveries/{delivery.Id}/redeliver"))
            {
                Assert.That(redeliver.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            }
            var again = await _receiver.WaitForAsync("dash-created", count: 2);
            Assert.Multiple(() =>
            {
                Assert.That(again[1].Id, Is.EqualTo(delivery.Id), "a redelivery keeps the webhook-id");
                Assert.That(again[1].IsSignedWith(secret), Is.True);
            });
        }
    }

    [Test]
    public async Task RotateSecret_NewSecretShownOnce_SignsTheNextDelivery_ThenDelete_EmptiesTheList()
    {
        var (browser, account) = await SignedInAsync(_host);
        using (browser)
        {
            var spare = await _operator.CreateKeyAsync(account.Id, new Core.Keys.NewApiKey("spare"));
            var (webhookId, oldSecret) = await CreateAsync(browser, _receiver.UrlFor("dash-rotated"));

            using var rotate = await browser.SendAsync(HttpMethod.Post, $"/dashboard/api/webhooks/{webhookId}/rotate-secret");
            var rotated = await rotate.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(rotate.StatusCode, Is.EqualTo(HttpStatusCode.OK), rotated.ToString());
            var newSecret = rotated.Str("secret");
            var audit = await _operator.LatestAuditAsync(account.Id);
            Assert.Multiple(() =>
            {
                Assert.That(newSecret, Does.StartWith("whsec_").And.Not.EqualTo(oldSecret));
                Assert.That(audit.Action, Is.EqualTo("webhook.secret_rotated"));
                Assert.That(audit.Details["via"], Is.EqualTo("dashboard"));
            });

            using (await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/keys/{spare.Record.KeyId}"))
            {
            }
            var delivery = (await _receiver.WaitForAsync("dash-rotated")).Single();
            Assert.That(delivery.IsSignedWith(newSecret), Is.True, "signed with the new secret");

            using var delete = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/webhooks/{webhookId}");
            var list = await browser.GetJsonAsync("/dashboard/api/webhooks");
            using var deletedAgain = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/webhooks/{webhookId}");
            var problem = await Problem.ReadAsync(deletedAgain);
            Assert.Multiple(() =>
            {
                Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
                Assert.That(list.GetProperty("webhooks").GetArrayLength(), Is.Zero);
                Assert.That(deletedAgain.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
                Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:webhook-not-found"));
            });
        }
    }

    [Test]
    public async Task Writes_WithoutTheCsrfToken_AreRefused_AndChangeNothing()
    {
        var (browser, _) = await SignedInAsync(_host);
        using (browser)
        {
            var (webhookId, _) = await CreateAsync(browser, _receiver.UrlFor("dash-csrf"));

            using var create = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/webhooks",
                new { url = _receiver.UrlFor("dash-csrf-2") }, withCsrf: false);
            using var rotate = await browser.SendAsync(HttpMethod.Post, $"/dashboard/api/webhooks/{webhookId}/rotate-secret", withCsrf: false);
            using var delete = await browser.SendAsync(HttpMethod.Delete, $"/dashboard/api/webhooks/{webhookId}", withCsrf: false);
            using var redeliver = await browser.SendAsync(HttpMethod.Post,
                $"/dashboard/api/webhooks/{webhookId}/deliveries/msg_0000000000000000000000000/redeliver", withCsrf: false);
            var list = await browser.GetJsonAsync("/dashboard/api/webhooks");

            var refusals = new List<(HttpStatusCode Status, string Type)>();
            foreach (var refused in new[] { create, rotate, delete, redeliver })
            {
                refusals.Add((refused.StatusCode, (await Problem.ReadAsync(refused)).Type));
            }
            Assert.Multiple(() =>
            {
                Assert.That(refusals, Is.All.EqualTo((HttpStatusCode.Forbidden, "urn:tollgate:problem:csrf-token-invalid")));
                Assert.That(list.GetProperty("webhooks").EnumerateArray().Select(w => w.Str("id")), Is.EqualTo((string[])[webhookId]),
                    "nothing created or deleted");
            });
        }
    }

    [Test]
    public async Task AnotherAccountsSession_CannotSeeRotateOrDeleteThisAccountsEndpoints()
    {
        var (owner, _) = await SignedInAsync(_host);
        var (stranger, _) = await SignedInAsync(_host);
        using (owner)
        using (stranger)
        {
            var (webhookId, _) = await CreateAsync(owner, _receiver.UrlFor("dash-owner"));

            var strangersList = await stranger.GetJsonAsync("/dashboard/api/webhooks");
            using var deliveries = await stranger.Http.GetAsync($"/dashboard/api/webhooks/{webhookId}/deliveries");
            using var rotate = await stranger.SendAsync(HttpMethod.Post, $"/dashboard/api/webhooks/{webhookId}/rotate-secret");
            using var delete = await stranger.SendAsync(HttpMethod.Delete, $"/dashboard/api/webhooks/{webhookId}");
            var ownersList = await owner.GetJsonAsync("/dashboard/api/webhooks");

            var refusals = new List<(HttpStatusCode Status, string Type)>();
            foreach (var refused in new[] { deliveries, rotate, delete })
            {
                refusals.Add((refused.StatusCode, (await Problem.ReadAsync(refused)).Type));
            }
            Assert.Multiple(() =>
            {
                Assert.That(strangersList.GetProperty("webhooks").GetArrayLength(), Is.Zero);
                Assert.That(refusals, Is.All.EqualTo((HttpStatusCode.NotFound, "urn:tollgate:problem:webhook-not-found")));
                Assert.That(ownersList.GetProperty("webhooks").EnumerateArray().Select(w => w.Str("id")), Is.EqualTo((string[])[webhookId]),
                    "still there");
            });
        }
    }

    [Test]
    public async Task WithoutASession_WebhookCallsAreRefused()
    {
        using var browser = new DashboardClient(_host.CreateClient());
        await browser.GetSessionAsync();

        using var list = await browser.Http.GetAsync("/dashboard/api/webhooks");
        using var create = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/webhooks", new { url = _receiver.UrlFor("nobody") });

        Assert.Multiple(() =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [TestCase("https://127.0.0.1/hook")]
    [TestCase("https://169.254.169.254/latest/meta-data")]
    [TestCase("https://[fd00::1]/hook")]
    public async Task PrivateTarget_RefusedWithTheAdminApisProblem(string url)
    {
        var (browser, account) = await SignedInAsync(_publicOnly);
        using (browser)
        {
            using var fromDashboard = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/webhooks", new { url });
            using var fromAdmin = await _adminClient.PostAsJsonAsync($"/admin/accounts/{account.Id}/webhooks", new { url });
            var dashboardProblem = await Problem.ReadAsync(fromDashboard);
            var adminProblem = await Problem.ReadAsync(fromAdmin);
            var list = await browser.GetJsonAsync("/dashboard/api/webhooks");

            var bodies = $"dashboard: {dashboardProblem.Body}; admin API: {adminProblem.Body}";
            Assert.Multiple(() =>
            {
                Assert.That(fromDashboard.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), bodies);
                Assert.That(dashboardProblem.Type, Is.EqualTo("urn:tollgate:problem:webhook-target-refused"));
                Assert.That(dashboardProblem.ErrorFields, Is.EqualTo((string[])["url"]));
                Assert.That(fromAdmin.StatusCode, Is.EqualTo(fromDashboard.StatusCode), bodies);
                Assert.That((adminProblem.Type, adminProblem.Title, adminProblem.Detail),
                    Is.EqualTo((dashboardProblem.Type, dashboardProblem.Title, dashboardProblem.Detail)), bodies);
                Assert.That(adminProblem.Body.GetProperty("errors").ToString(), Is.EqualTo(dashboardProblem.Body.GetProperty("errors").ToString()));
                Assert.That(list.GetProperty("webhooks").GetArrayLength(), Is.Zero);
            });
        }
    }

    private static Dictionary<string, string?> Settings(bool allowPrivateNetworks)
    {
        var settings = WebhookSettings.Fast(allowPrivateNetworks);
        settings["Dashboard:SignInFailureLimit"] = "100000";
        return settings;
    }

    /// <summary>A fresh pro account (room for a second key) and a browser signed in to it.</summary>
    private static async Task<(DashboardClient Browser, TestAccount Account)> SignedInAsync(GatewayHost host)
    {
        var setUp = new AccountSetUp(host.Services);
        var accountId = await setUp.CreateAccountIdAsync("pro");
        var key = await setUp.CreateKeyAsync(accountId, new Core.Keys.NewApiKey("laptop"));
        var browser = new DashboardClient(host.CreateClient());
        await browser.SignInOkAsync(key.RawKey);
        return (browser, new TestAccount(accountId, key.RawKey, key.Record.KeyId));
    }

    private static async Task<(string Id, string Secret)> CreateAsync(DashboardClient browser, string url)
    {
        using var response = await browser.SendAsync(HttpMethod.Post, "/dashboard/api/webhooks", new { url, events = KeyRevokedOnly });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var json = JsonDocument.Parse(body).RootElement;
        return (json.Str("id"), json.Str("secret"));
    }

    private static async Task<JsonElement> WaitForDeliveryStatusAsync(DashboardClient browser, string webhookId, string status)
    {
        for (var attempt = 0; ; attempt++)
        {
            var log = await browser.GetJsonAsync($"/dashboard/api/webhooks/{webhookId}/deliveries");
            var first = log.GetProperty("deliveries").EnumerateArray().FirstOrDefault();
            if (first.ValueKind == JsonValueKind.Object && first.Str("status") == status)
            {
                return first;
            }
            Assert.That(attempt, Is.LessThan(100), $"no {status} delivery in the log: {log}");
            await Task.Delay(100);
        }
    }
}
