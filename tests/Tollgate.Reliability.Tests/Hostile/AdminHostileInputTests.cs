using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Reliability.Tests.Infrastructure;

namespace Tollgate.Reliability.Tests.Hostile;

/// <summary>
/// Hostile bodies and parameters at the real admin API on a Kestrel socket (so the server's own body limits apply),
/// beyond what AdminApi.FunctionalTests' MalformedRequestTests already covers: very deep nesting, fields that try to
/// set what the server owns, values that overflow, impossible dates, odd networks, bodies far over the limit. Every
/// one is a clear 4xx problem naming the cause, answered without hanging, and leaves Redis exactly as it was.
/// </summary>
[NonParallelizable]
public sealed class AdminHostileInputTests
{
    private AdminApiHost _admin = null!;
    private HttpClient _client = null!;
    private string _account = null!;
    private string _key = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _admin = new AdminApiHost(kestrel: true);
        _client = _admin.CreateClient();
        _client.Timeout = TimeSpan.FromSeconds(15); // "never a hang"
        _account = await _client.CreateAccountIdAsync("pro");
        _key = (await _client.CreateKeyAsync(_account)).Str("key_id");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _admin.DisposeAsync();
    }

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private static string DeepObject(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static IEnumerable<TestCaseData> HostileBodies()
    {
        // name, method, path ({a} = an account, {k} = one of its keys), body, status, field the answer must name (null: any)
        var cases = new (string Name, string Method, string Path, string Body, int Status, string? Field)[]
        {
            ("10,000 nested arrays as email", "POST", "/admin/accounts", "{\"email\": " + Deep(10_000) + "}", 400, "email"),
            ("10,000 nested arrays as the body", "POST", "/admin/accounts", Deep(10_000), 400, "body"),
            ("10,000 nested objects in an unknown field", "POST", "/admin/accounts", "{\"email\":\"deep@example.com\",\"x\": " + DeepObject(10_000) + "}", 400, "x"),
            ("10,000 nested arrays as scopes", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"scopes\": " + Deep(10_000) + "}", 400, null),
            ("choosing the account id", "POST", "/admin/accounts", "{\"email\":\"chosen-id@example.com\",\"id\":\"acc_chosen\"}", 400, "id"),
            ("choosing the creation time", "POST", "/admin/accounts", "{\"email\":\"old@example.com\",\"created_at\":\"2000-01-01T00:00:00Z\"}", 400, "created_at"),
            ("moving a key to another account", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"account_id\":\"acc_aaaaaaaaaaaaaaaa\"}", 400, "account_id"),
            ("issuing a key already revoked", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"revoked_at\":null}", 400, "revoked_at"),
            ("operator object as tier", "POST", "/admin/accounts", "{\"email\":\"op@example.com\",\"tier\":{\"$ne\":null}}", 400, "tier"),
            ("1e400 as email", "POST", "/admin/accounts", "{\"email\":1e400}", 400, "email"),
            ("fullwidth at sign", "POST", "/admin/accounts", "{\"email\":\"user\uFF20example.com\"}", 400, "email"),
            ("escaped NUL in email", "POST", "/admin/accounts", "{\"email\":\"a\\u0000b@example.com\"}", 400, "email"),
            ("grace past int", "POST", "/admin/accounts/{a}/keys/{k}/rotate", "{\"grace_period_seconds\":2147483648}", 400, "grace_period_seconds"),
            ("grace hugely negative", "POST", "/admin/accounts/{a}/keys/{k}/rotate", "{\"grace_period_seconds\":-99999999999999999999999}", 400, "grace_period_seconds"),
            ("30 February", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"expires_at\":\"2030-02-30T00:00:00Z\"}", 400, "expires_at"),
            ("month 13", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"expires_at\":\"2030-13-01T00:00:00Z\"}", 400, "expires_at"),
            ("hour 25", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"expires_at\":\"2030-01-01T25:00:00Z\"}", 400, "expires_at"),
            ("year 99999", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"expires_at\":\"99999-01-01T00:00:00Z\"}", 400, "expires_at"),
            ("past the end of time", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"expires_at\":\"9999-12-31T23:59:59-14:00\"}", 400, "expires_at"),
            ("year 1", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"expires_at\":\"0001-01-01T00:00:00Z\"}", 400, "expires_at"),
            ("negative prefix", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"allowed_ips\":[\"10.0.0.0/-1\"]}", 400, "allowed_ips"),
            ("two prefixes", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"allowed_ips\":[\"10.0.0.0/8/8\"]}", 400, "allowed_ips"),
            ("space before prefix", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"allowed_ips\":[\"10.0.0.0 /8\"]}", 400, "allowed_ips"),
            ("mapped IPv6 prefix 200", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"allowed_ips\":[\"::ffff:10.0.0.0/200\"]}", 400, "allowed_ips"),
            ("30,000-character network", "POST", "/admin/accounts/{a}/keys", "{\"name\":\"x\",\"allowed_ips\":[\"" + new string('1', 30_000) + "\"]}", 400, "allowed_ips"),
            ("60 KB tier name", "PUT", "/admin/accounts/{a}/tier", "{\"tier\":\"" + new string('x', 60_000) + "\"}", 400, "tier"),
        };
        foreach (var (name, method, path, body, status, field) in cases)
        {
            yield return new TestCaseData(method, path, body, status, field).SetArgDisplayNames(name);
        }
    }

    [TestCaseSource(nameof(HostileBodies))]
    public async Task JsonEndpoint_HostileBody_Returns4xxProblemAndChangesNothingInRedis(string method, string path, string body, int status, string? field)
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);
        using var request = new HttpRequestMessage(new HttpMethod(method), Resolve(path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await _client.SendAsync(request);

        await AssertRefusedAsync(response, status, field, before);
    }

    [TestCase("/admin/accounts?page=2147483648", "page")]
    [TestCase("/admin/accounts?page_size=99999999999999999999", "page_size")]
    [TestCase("/admin/accounts?page=1e3", "page")]
    [TestCase("/admin/accounts?page=%E2%80%AE1", "page")]
    [TestCase("/admin/accounts?tier=%00", "tier")]
    [TestCase("/admin/accounts/{a}/usage-history?days=99999999999", "days")]
    [TestCase("/admin/audit?count=2147483648", "count")]
    public async Task GetEndpoint_HostileQuery_Returns400ProblemNamingTheParameter(string path, string field)
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);

        using var response = await _client.GetAsync(Resolve(path));

        await AssertRefusedAsync(response, 400, field, before);
    }

    [Test]
    public async Task CreateAccount_5MBBody_Returns413ProblemAndChangesNothing()
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);
        var body = "{\"email\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";
        var request = $"POST /admin/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {AdminApiHost.Token}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";

        // Raw, because the server answers as soon as it sees the length and closes while HttpClient would still be sending.
        var response = await RawHttp.SendAsync(_admin.Address, Encoding.ASCII.GetBytes(request));

        Assert.That(response.Status, Is.EqualTo(413), response.ToString());
        Assert.That(Problem.Parse(response.Body).Type, Is.EqualTo("urn:tollgate:problem:payload-too-large"));
        Assert.That(RedisContents.Differences(before, await RedisContents.SnapshotAsync(RedisSetUp.Redis)), Is.Empty);
    }

    [Test]
    public async Task CreateAccount_ChunkedBodyPastTheLimit_Returns413ProblemAndChangesNothing()
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);
        // 800 KB in 4 KB chunks: no Content-Length to refuse up front, so the server must cut it off while reading.
        var chunks = new StringBuilder("B\r\n{\"email\":\"a\r\n");
        for (var i = 0; i < 200; i++)
        {
            chunks.Append("1000\r\n").Append('a', 4096).Append("\r\n");
        }
        chunks.Append("2\r\n\"}\r\n0\r\n\r\n");
        var head = $"POST /admin/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {AdminApiHost.Token}\r\n" +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";

        var response = await RawHttp.SendAsync(_admin.Address, Encoding.ASCII.GetBytes(head + chunks));

        Assert.That(response.Status, Is.EqualTo(413), response.ToString());
        Assert.That(Problem.Parse(response.Body).Type, Is.EqualTo("urn:tollgate:problem:payload-too-large"));
        Assert.That(RedisContents.Differences(before, await RedisContents.SnapshotAsync(RedisSetUp.Redis)), Is.Empty);
    }

    [Test]
    public async Task AdminRequest_OversizedAuthorizationHeader_Returns431()
    {
        var response = await RawHttp.SendAsync(_admin.Address, RawHttp.Get("/admin/tiers", $"Authorization: Bearer {AdminApiHost.Token}{new string('x', 40_000)}"));

        // Kestrel's own answer: a bare 431 without a body.
        await TestContext.Out.WriteLineAsync(response.ToString());
        Assert.That(response.Status, Is.EqualTo(431));
    }

    [Test]
    public async Task CreateAccount_InternationalisedEmail_IsStoredAsGiven()
    {
        using var response = await _client.PostAsJsonAsync("/admin/accounts", new { email = $"jürgen.{Guid.NewGuid():N}@exämple.de" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var account = await response.Content.ReadFromJsonAsync<JsonElement>();
        var read = await _client.GetJsonAsync($"/admin/accounts/{account.Str("id")}");
        Assert.That(read.Str("email"), Does.StartWith("jürgen.").And.EndWith("@exämple.de"));
    }

    /// <summary>
    /// Fixed bug, kept as a regression test: invisible and bidirectional-override characters (Unicode category Cf) pass
    /// core/Accounts/EmailAddress.cs, which refuses only whitespace and char.IsControl (Cc). "ad\u200Bmin@example.com"
    /// becomes a second account that looks exactly like "admin@example.com" in every list, audit entry and log; U+202E
    /// reverses how the rest of the address is displayed (Trojan Source).
    /// </summary>
    [TestCase("ad\u200Bmin@example.com", TestName = "{m}(zero-width space)")]
    [TestCase("\uFEFFadmin@example.com", TestName = "{m}(byte order mark)")]
    [TestCase("evil\u202Emoc.elpmaxe@example.com", TestName = "{m}(right-to-left override)")]
    public async Task CreateAccount_EmailWithInvisibleOrBidiCharacter_Returns400AndChangesNothing(string email)
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);

        using var response = await _client.PostAsJsonAsync("/admin/accounts", new { email });

        await AssertRefusedAsync(response, 400, "email", before);
    }

    /// <summary>
    /// Fixed bug, kept as a regression test: the same as above for key names (admin-api/Keys/KeyRequestValidator.cs checks
    /// char.IsControl only), which show in key lists, usage reports and the audit log.
    /// </summary>
    [Test]
    public async Task CreateKey_NameWithBidiOverride_Returns400AndChangesNothing()
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);

        using var response = await _client.PostAsJsonAsync($"/admin/accounts/{_account}/keys", new { name = "ci \u202Eenilepip" });

        await AssertRefusedAsync(response, 400, "name", before);
    }

    /// <summary>
    /// Fixed bug, kept as a regression test: core/Keys/AllowedNetwork.cs means to refuse IPAddress.TryParse's legacy forms but
    /// only checks for three dots, so leading-zero octets are read as octal and 0x as hex: "010.0.0.1" (an admin's 10.0.0.1)
    /// is stored and enforced as 8.0.0.1, "0x0a.0.0.1" as 10.0.0.1. The key is then fenced to a network nobody asked for.
    /// </summary>
    [TestCase("010.0.0.1")]
    [TestCase("192.168.001.010")]
    [TestCase("0x0a.0.0.1")]
    public async Task CreateKey_AllowedIpInLegacyOctalOrHexForm_Returns400AndChangesNothing(string network)
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);

        using var response = await _client.PostAsJsonAsync($"/admin/accounts/{_account}/keys", new { name = "fenced", allowed_ips = (string[])[network] });

        await AssertRefusedAsync(response, 400, "allowed_ips", before);
    }

    /// <summary>
    /// Fixed bug, kept as a regression test: an IPv6 zone ("%eth0", "%1") names a network interface of the machine that parses
    /// it. AllowedNetwork accepts it and stores the admin API host's interface index (e.g. "fe80::1%lo" becomes "fe80::1%1"),
    /// which means nothing on the gateway hosts; whether a name parses at all depends on the admin host's interfaces.
    /// </summary>
    [TestCase("fe80::1%1")]
    [TestCase("fe80::1%lo")]
    public async Task CreateKey_AllowedIpWithZoneId_Returns400AndChangesNothing(string network)
    {
        var before = await RedisContents.SnapshotAsync(RedisSetUp.Redis);

        using var response = await _client.PostAsJsonAsync($"/admin/accounts/{_account}/keys", new { name = "zoned", allowed_ips = (string[])[network] });

        await AssertRefusedAsync(response, 400, "allowed_ips", before);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, int status, string? field, IReadOnlyDictionary<string, string> before)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), body.Length > 500 ? body[..500] : body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(Problem.MediaType));
        var problem = Problem.Parse(body);
        Assert.That(problem.Type, Does.StartWith("urn:tollgate:problem:"));
        if (field is not null)
        {
            Assert.That(problem.Body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), Is.True,
                $"the answer names '{field}': {problem.Detail}");
        }
        Assert.That(RedisContents.Differences(before, await RedisContents.SnapshotAsync(RedisSetUp.Redis)), Is.Empty, "Redis is unchanged");
    }

    private string Resolve(string path) => path.Replace("{a}", _account, StringComparison.Ordinal).Replace("{k}", _key, StringComparison.Ordinal);
}
