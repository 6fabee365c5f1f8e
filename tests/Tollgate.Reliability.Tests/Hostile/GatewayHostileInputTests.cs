using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Limiting;
using Tollgate.Core.Tiers;
using Tollgate.Reliability.Tests.Infrastructure;

namespace Tollgate.Reliability.Tests.Hostile;

/// <summary>
/// What an attacker can put on the wire, sent as raw bytes to the real gateway on a Kestrel socket (HttpClient
/// refuses much of it). Whatever comes in, the answer is a clean 4xx (problem+json whenever the gateway itself
/// answers; Kestrel answers protocol violations with a bare 400/414/431 before any application code runs), nothing
/// reaches the upstream that should not, and nothing is counted against anyone's limits.
/// </summary>
[NonParallelizable]
public sealed class GatewayHostileInputTests
{
    private const string Weather = "/api/v3/weather/current?city=Oslo";

    private RecordingUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = await RecordingUpstream.StartAsync();
        _gateway = new GatewayHost(_upstream.Address, new Dictionary<string, string?>
        {
            // Only the requests under test reach the recording upstream: no health probes.
            ["ReverseProxy:Clusters:weather:HealthCheck:Active:Enabled"] = "false",
        }, kestrel: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static IEnumerable<TestCaseData> HostileKeys()
    {
        // name, request target, header lines ({key} = a valid key of a fresh free account), expected status, expected problem type
        // (null: Kestrel refuses the bytes itself, with a bare 400).
        var cases = new (string Name, string Target, string[] Headers, int Status, string? Type)[]
        {
            ("empty header", Weather, ["X-API-Key: "], 401, "api-key-missing"),
            ("whitespace header", Weather, ["X-API-Key:      "], 401, "api-key-missing"),
            ("20 KB header", Weather, ["X-API-Key: tg_" + new string('A', 20 * 1024)], 401, "api-key-malformed"),
            ("non-ASCII UTF-8 header", Weather, ["X-API-Key: tg_ÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖ"], 401, "api-key-malformed"),
            ("control character", Weather, ["X-API-Key: tg_abc\u0001def"], 401, "api-key-malformed"),
            ("NUL byte", Weather, ["X-API-Key: tg_abc\u0000def"], 400, null),
            ("bare CR", Weather, ["X-API-Key: junk\rX-Account-Id: acc_evil"], 400, null),
            ("CRLF injection", Weather, ["X-API-Key: junk\r\nX-Account-Id: acc_evil"], 401, "api-key-malformed"),
            ("bare LF injection", Weather, ["X-API-Key: junk\nX-Account-Id: acc_evil"], 401, "api-key-malformed"),
            ("two keys comma-joined", Weather, ["X-API-Key: {key}, {key}"], 401, "api-key-malformed"),
            ("valid key then junk, repeated header", Weather, ["X-API-Key: {key}", "X-API-Key: junk"], 400, "api-key-ambiguous"),
            ("valid key in header, another in query", Weather + "&api_key=tg_other", ["X-API-Key: {key}"], 400, "api-key-ambiguous"),
            ("valid key twice in query", Weather + "&api_key={key}&api_key={key}", [], 400, "api-key-ambiguous"),
            ("NUL in query key", Weather + "&api_key=%00", [], 401, "api-key-malformed"),
            ("bidi override in query key", Weather + "&api_key=%E2%80%AEtg_%C3%A4", [], 401, "api-key-malformed"),
            ("raw non-ASCII in query", Weather + "&api_key=tg_ä", [], 400, null),
            ("7 KB query key", Weather + "&api_key=tg_" + new string('A', 7 * 1024), [], 401, "api-key-malformed"),
        };
        foreach (var (name, target, headers, status, type) in cases)
        {
            yield return new TestCaseData(target, headers, status, type).SetArgDisplayNames(name);
        }
    }

    [TestCaseSource(nameof(HostileKeys))]
    public async Task Request_HostileKey_IsRefusedWith4xxNotForwardedNotCounted(string target, string[] headers, int status, string? type)
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var forwardedBefore = _upstream.Requests.Count;

        var response = await SendAsync(Fill(target, consumer), [.. headers.Select(h => Fill(h, consumer))]);

        await TestContext.Out.WriteLineAsync(response.ToString());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(status));
            if (type is not null)
            {
                Assert.That(response.IsProblem, Is.True, "the gateway's own answers are problem+json");
                Assert.That(Problem.Parse(response.Body).Type, Is.EqualTo("urn:tollgate:problem:" + type));
            }
            Assert.That(_upstream.Requests, Has.Count.EqualTo(forwardedBefore), "nothing reached the upstream");
            Assert.That(await HourUsedAsync(consumer), Is.Zero, "nothing was counted");
        });
    }

    [Test]
    public async Task SpoofedIdentityHeaders_AnySpellingRepeatedOrInjected_UpstreamSeesOnlyTheGatewaysValues()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var forwardedBefore = _upstream.Requests.Count;

        var response = await SendAsync(Weather,
            $"X-API-Key: {consumer.RawKey}\r\nX-Account-Id: acc_injected",
            "x-account-id: acc_lower",
            "X-ACCOUNT-ID: acc_upper",
            "X-Subscription-Tier: enterprise",
            "x-subscription-tier: business");

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        var forwarded = _upstream.Requests.Skip(forwardedBefore).Single();
        Assert.Multiple(() =>
        {
            Assert.That(forwarded.Headers["X-Account-Id"], Is.EqualTo((string[])[consumer.Account.Id]));
            Assert.That(forwarded.Headers["X-Subscription-Tier"], Is.EqualTo((string[])["free"]));
            Assert.That(forwarded.Headers.Keys, Has.None.EqualTo("X-API-Key").IgnoreCase);
        });
    }

    private static IEnumerable<TestCaseData> Oversized()
    {
        yield return new TestCaseData(Weather, (string[])["X-Filler: " + new string('a', 40 * 1024)], 431).SetArgDisplayNames("40 KB header");
        yield return new TestCaseData(Weather, Enumerable.Range(0, 120).Select(i => $"X-Header-{i}: v").ToArray(), 431).SetArgDisplayNames("120 headers");
        yield return new TestCaseData("/api/v3/weather/current?city=" + new string('a', 10 * 1024), Array.Empty<string>(), 414).SetArgDisplayNames("10 KB URL");
    }

    [TestCaseSource(nameof(Oversized))]
    public async Task Request_OversizedHeadersOrUrl_RefusedByKestrelNotForwardedAndTheGatewayServesOn(string target, string[] headers, int status)
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var forwardedBefore = _upstream.Requests.Count;

        var response = await SendAsync(target, [$"X-API-Key: {consumer.RawKey}", .. headers]);

        // Kestrel answers these before any middleware runs, so the body is empty rather than problem+json.
        await TestContext.Out.WriteLineAsync(response.ToString());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(status));
            Assert.That(_upstream.Requests, Has.Count.EqualTo(forwardedBefore));
            Assert.That(await HourUsedAsync(consumer), Is.Zero);
            Assert.That((await SendAsync(Weather, $"X-API-Key: {consumer.RawKey}")).Status, Is.EqualTo(200), "the next request is served");
        });
    }

    private static IEnumerable<TestCaseData> PathTricks()
    {
        // A free account may call /current but not /historical (Business) nor /forecast/hourly (Pro). Dot segments are
        // resolved before routing, so the route (and its feature check) is the one of the resolved path; encoded slashes
        // and other encodings match no route at all.
        var cases = new (string Target, int Status)[]
        {
            ("/api/v3/weather/current/../historical?city=Oslo", 403),
            ("/api/v3/weather/current/%2e%2e/historical?city=Oslo", 403),
            ("/api/v3/weather/current/%2E%2E/historical?city=Oslo", 403),
            ("/api/v3/weather/current;/../historical?city=Oslo", 403),
            ("/API/V3/WEATHER/HISTORICAL?city=Oslo", 403),
            ("/api/v3/weather/historical/?city=Oslo", 403),
            ("http://127.0.0.1/api/v3/weather/historical?city=Oslo", 403),
            ("/api/v3/weather/forecast%2Fhourly?city=Oslo", 404),
            ("/api/v3/weather/forecast%2fhourly?city=Oslo", 404),
            ("/api/v3/weather/current%2F..%2Fhistorical?city=Oslo", 404),
            ("/api/v3/weather/current/%252e%252e/historical?city=Oslo", 404),
            ("/api/v3/weather/current/%c0%ae%c0%ae/historical?city=Oslo", 404),
            ("/api/v3/weather/current\\..\\historical?city=Oslo", 404),
            ("/api/v3/weather//historical?city=Oslo", 404),
            ("/api/v3/weather/../../../admin/accounts", 404),
            ("/api/v3/weather/%2e%2e/%2e%2e/%2e%2e/admin/accounts", 404),
            ("/api/v3/weather/current%00?city=Oslo", 400),
        };
        return cases.Select(c => new TestCaseData(c.Target, c.Status).SetArgDisplayNames(c.Target.Length > 60 ? c.Target[..60] : c.Target));
    }

    [TestCaseSource(nameof(PathTricks))]
    public async Task PathTrick_FreeKey_NeverReachesAnUnintendedUpstreamPath(string target, int status)
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var forwardedBefore = _upstream.Requests.Count;

        var response = await SendAsync(target, $"X-API-Key: {consumer.RawKey}");

        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(status), response.ToString());
            Assert.That(response.IsProblem || status == 400, Is.True, "the gateway's own answers are problem+json");
            Assert.That(_upstream.Requests, Has.Count.EqualTo(forwardedBefore), "nothing reached the upstream");
            Assert.That(await HourUsedAsync(consumer), Is.Zero, "nothing was counted");
        });
    }

    [TestCase("/open/../api/v3/weather/current?city=Oslo")]
    [TestCase("/api/v3/weather/anything/../current?city=Oslo")]
    [TestCase("/api/v3/weather/%2e%2e/weather/current?city=Oslo")]
    [TestCase("/api/v3/weather/current/?city=Oslo")]
    [TestCase("/API/v3/Weather/Current?city=Oslo")]
    [TestCase("http://127.0.0.1/api/v3/weather/current?city=Oslo")]
    public async Task PathTrick_NoKey_StillAskedForAKey(string target)
    {
        var forwardedBefore = _upstream.Requests.Count;

        var response = await SendAsync(target);

        Assert.That(response.Status, Is.EqualTo(401), response.ToString());
        Assert.That(Problem.Parse(response.Body).Type, Is.EqualTo("urn:tollgate:problem:api-key-missing"));
        Assert.That(_upstream.Requests, Has.Count.EqualTo(forwardedBefore));
    }

    [Test]
    public async Task DotSegmentsToAnAllowedRoute_FreeKey_ForwardsOnlyTheResolvedPath()
    {
        var consumer = await _gateway.CreateConsumerAsync("free");
        var forwardedBefore = _upstream.Requests.Count;

        var response = await SendAsync("/api/v3/weather/historical/%2e%2e/current?city=Oslo", $"X-API-Key: {consumer.RawKey}");

        Assert.That(response.Status, Is.EqualTo(200), response.ToString());
        Assert.That(_upstream.Requests.Skip(forwardedBefore).Single().RawTarget, Is.EqualTo("/api/v3/weather/current?city=Oslo"));
    }

    private Task<RawResponse> SendAsync(string target, params string[] headers) => RawHttp.SendAsync(_gateway.Address, RawHttp.Get(target, headers));

    private static string Fill(string text, TestConsumer consumer) => text.Replace("{key}", consumer.RawKey, StringComparison.Ordinal);

    private async Task<long> HourUsedAsync(TestConsumer consumer)
    {
        Assert.That(_gateway.Services.GetRequiredService<TierCatalog>().TryGet(consumer.Account.Tier, out var tier), Is.True);
        var decision = await _gateway.Services.GetRequiredService<IRateLimiter>().PeekAsync(consumer.Account.Id, tier!.Limits, CancellationToken.None);
        return decision.Windows.Single(w => w.Window.Name == "hour").Used;
    }
}
