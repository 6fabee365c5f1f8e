using System.Net;
using Tollgate.Gateway.FunctionalTests.Infrastructure;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

public sealed class TierLimitTests : GatewayTestBase
{
    private const string Weather = "/api/v3/weather/current?city=Lima";

    [Test]
    public async Task HundredConcurrentRequestsOfAFreeKey_ExactlySixtyAdmitted()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Client.SendAsync(consumer.Get(Weather))));
        try
        {
            var admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.That(admitted, Is.EqualTo(60));
            Assert.That(limited, Has.Count.EqualTo(40));
            foreach (var response in limited)
            {
                Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
                var problem = await Problem.ReadAsync(response);
                Assert.That(problem.Type, Is.EqualTo("urn:tollgate:problem:rate-limited"));
                Assert.That(response.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("0"));
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Test]
    public async Task AdmittedResponse_CarriesRateLimitHeadersForTheTightestWindow()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        using var response = await Client.SendAsync(consumer.Get(Weather));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(() =>
        {
            Assert.That(Header(response, "X-RateLimit-Limit"), Is.EqualTo("60"));
            Assert.That(Header(response, "X-RateLimit-Remaining"), Is.EqualTo("59"));
            Assert.That(long.Parse(Header(response, "X-RateLimit-Reset"), System.Globalization.CultureInfo.InvariantCulture),
                Is.InRange(3600, 3660), "the first request leaves the hour window after 60 to 61 minutes");
            Assert.That(Header(response, "RateLimit-Policy"),
                Is.EqualTo("\"hour\";q=60;w=3600, \"day\";q=1000;w=86400, \"month\";q=10000;w=2592000"));
            Assert.That(Header(response, "RateLimit"),
                Does.Match("^\"hour\";r=59;t=\\d+, \"day\";r=999;t=\\d+, \"month\";r=9999;t=\\d+$"));
        });
    }

    [Test]
    public async Task RequestsOfOneAccount_ShareTheLimitAcrossItsKeys()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        var second = await Gateway.Services.IssueKeyAsync(consumer.Account.Id, new("second"));

        using (await Client.SendAsync(consumer.Get(Weather)))
        {
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, Weather);
        request.Headers.Add("X-API-Key", second.RawKey);
        using var response = await Client.SendAsync(request);
        Assert.That(Header(response, "X-RateLimit-Remaining"), Is.EqualTo("58"));
    }

    [Test]
    public async Task RoutesWithoutKey_AreNeitherAuthenticatedNorCounted()
    {
        using var response = await Client.GetAsync("/open/echo-headers");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("X-RateLimit-Limit"), Is.False);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
