using System.Net;

namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary>
/// Each <c>RateLimitHeaders</c> format read by Node.js <c>fetch</c> and the <c>ratelimit-header-parser</c> npm package,
/// over a real socket, on a gateway left at its default (<c>draft11</c>) with routes naming the other formats.
/// </summary>
public sealed class RateLimitHeaderClientTests : HeaderClientTestBase
{
    private static readonly string[] XHeaders = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];

    [TestCase(Draft7)]
    [TestCase(Legacy)]
    public async Task Admitted_TheParserReadsTheGatewaysLimitRemainingAndReset(string path)
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        await SendAsync(consumer, path, 2);

        var reading = await ParseAsync(consumer, path);

        Assert.That(reading.Status, Is.EqualTo(200));
        Assert.Multiple(() =>
        {
            Assert.That(reading.Parsed?.Limit, Is.EqualTo(60), "the free tier's hour, the window closest to exhaustion");
            Assert.That(reading.Parsed?.Remaining, Is.EqualTo(57), "three requests counted");
            Assert.That(reading.Parsed?.Used, Is.EqualTo(3));
            Assert.That(reading.Parsed?.ResetInSeconds, Is.InRange(3590, 3661), "the first request leaves the hour after about an hour");
            Assert.That(reading.Parsed?.ResetInSeconds, Is.EqualTo(reading.Number("X-RateLimit-Reset")).Within(2));
            Assert.That(reading.Number("X-RateLimit-Remaining"), Is.EqualTo(57), "the X- headers are there in every format");
        });
    }

    [Test]
    public async Task Draft7_IsTheCombinedFieldAndTheQuotaPolicies()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        var reading = await ParseAsync(consumer, Draft7);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Headers["ratelimit"], Does.Match("^limit=60, remaining=59, reset=\\d+$"));
            Assert.That(reading.Headers["ratelimit-policy"], Is.EqualTo("60;w=3600, 1000;w=86400, 10000;w=2592000"));
        });
    }

    [Test]
    public async Task Legacy_HasNoRateLimitFieldToShadowTheXHeaders()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        var reading = await ParseAsync(consumer, Legacy);

        Assert.That(reading.Headers.Keys, Is.EquivalentTo(XHeaders));
    }

    /// <summary>
    /// What draft 11 (the default) looks like to this parser: it takes the <c>RateLimit</c> field for draft 7's combined
    /// one, finds no <c>limit=</c>, <c>remaining=</c> or <c>reset=</c> in <c>"hour";r=59;t=3600, …</c>, and reports NaN
    /// for each, never looking at the <c>X-RateLimit-*</c> headers beside it. Clients like it need draft7 or legacy.
    /// </summary>
    [TestCase(GatewayDefault)]
    [TestCase(Draft11)]
    public async Task Draft11_TheParserReportsNothing_ThoughTheXHeadersAreThere(string path)
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        var reading = await ParseAsync(consumer, path);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Headers["ratelimit"], Does.StartWith("\"hour\";r=59;t="));
            Assert.That(reading.Number("X-RateLimit-Remaining"), Is.EqualTo(59));
            Assert.That(reading.Parsed, Is.EqualTo(new ParsedRateLimit(null, null, null, null)));
        });
    }

    [TestCase(GatewayDefault, false)]
    [TestCase(Draft7, true)]
    [TestCase(Legacy, true)]
    public async Task Refused_RetryAfterInEveryFormat_AndTheParserSeesNoneRemainingUntilThen(string path, bool parserReadsIt)
    {
        var consumer = await Gateway.CreateConsumerAsync("free");
        await SendAsync(consumer, path, 60);

        var reading = await ParseAsync(consumer, path);

        Assert.That(reading.Status, Is.EqualTo((int)HttpStatusCode.TooManyRequests));
        var retryAfter = reading.Number("Retry-After");
        Assert.Multiple(() =>
        {
            Assert.That(retryAfter, Is.InRange(1, 3661), "when the first of the 60 leaves the hour window");
            Assert.That(reading.Number("X-RateLimit-Remaining"), Is.Zero);
            Assert.That(reading.Number("X-RateLimit-Reset"), Is.EqualTo(retryAfter));
            if (parserReadsIt)
            {
                Assert.That(reading.Parsed?.Remaining, Is.Zero);
                Assert.That(reading.Parsed?.Limit, Is.EqualTo(60));
                Assert.That(reading.Parsed?.ResetInSeconds, Is.EqualTo(retryAfter).Within(2), "it waits as long as Retry-After says");
            }
        });
    }
}
