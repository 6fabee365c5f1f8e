namespace Tollgate.Gateway.FunctionalTests.Limiting;

/// <summary><c>Gateway:RateLimitHeaders</c> set to <c>legacy</c>: routes that name no format follow it, a route's own wins.</summary>
public sealed class RateLimitHeadersSettingTests : HeaderClientTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:RateLimitHeaders"] = "legacy",
    };

    [Test]
    public async Task RouteNamingNoFormat_GetsTheGatewaysSetting_WhichTheParserReads()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        var reading = await ParseAsync(consumer, GatewayDefault);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Headers.ContainsKey("ratelimit"), Is.False);
            Assert.That(reading.Parsed?.Limit, Is.EqualTo(60));
            Assert.That(reading.Parsed?.Remaining, Is.EqualTo(59));
        });
    }

    [Test]
    public async Task RouteNamingDraft11_KeepsItAgainstTheGatewaysSetting()
    {
        var consumer = await Gateway.CreateConsumerAsync("free");

        var reading = await ParseAsync(consumer, Draft11);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Headers["ratelimit"], Does.Match("^\"hour\";r=59;t=\\d+, \"day\";r=999;t=\\d+, \"month\";r=9999;t=\\d+$"));
            Assert.That(reading.Headers["ratelimit-policy"], Is.EqualTo("\"hour\";q=60;w=3600, \"day\";q=1000;w=86400, \"month\";q=10000;w=2592000"));
        });
    }
}
