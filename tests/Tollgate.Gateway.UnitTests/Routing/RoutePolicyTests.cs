using Tollgate.Gateway.Limiting;
using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.UnitTests.Routing;

public sealed class RoutePolicyTests
{
    [Test]
    public void TryParse_NoMetadata_RequiresKeyAndCounts()
    {
        Assert.That(RoutePolicy.TryParse(null, out var policy, out _), Is.True);
        Assert.That(policy, Is.EqualTo(new RoutePolicy(true, true, null)));
    }

    [Test]
    public void TryParse_AllKeys_ReadsThem()
    {
        var metadata = new Dictionary<string, string> { ["RequiresKey"] = "true", ["CountsTowardLimits"] = "false", ["Feature"] = "historical" };
        Assert.That(RoutePolicy.TryParse(metadata, out var policy, out _), Is.True);
        Assert.That(policy, Is.EqualTo(new RoutePolicy(true, false, "historical")));
    }

    [Test]
    public void TryParse_NoKeyRoute_NeverCounts()
    {
        var metadata = new Dictionary<string, string> { ["RequiresKey"] = "false" };
        Assert.That(RoutePolicy.TryParse(metadata, out var policy, out _), Is.True);
        Assert.That(policy.CountsTowardLimits, Is.False);
    }

    [Test]
    public void TryParse_NotABoolean_FailsNamingTheKey()
    {
        var metadata = new Dictionary<string, string> { ["CountsTowardLimits"] = "sometimes" };
        Assert.That(RoutePolicy.TryParse(metadata, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("CountsTowardLimits").And.Contain("sometimes"));
    }

    [Test]
    public void TryParse_FeatureWithoutKey_Fails()
    {
        var metadata = new Dictionary<string, string> { ["RequiresKey"] = "false", ["Feature"] = "current" };
        Assert.That(RoutePolicy.TryParse(metadata, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("Feature"));
    }

    [TestCase("60", 60)]
    [TestCase("0", 0)]
    public void TryParse_CacheSeconds_ReadsThem(string value, int expected)
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["CacheSeconds"] = value }, out var policy, out _), Is.True);
        Assert.That(policy.CacheSeconds, Is.EqualTo(expected));
    }

    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("86401")]
    [TestCase("forever")]
    public void TryParse_BadCacheSeconds_FailsNamingTheKey(string value)
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["CacheSeconds"] = value }, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("CacheSeconds"));
    }

    [TestCase("draft11", nameof(RateLimitHeaderFormat.Draft11))]
    [TestCase("draft7", nameof(RateLimitHeaderFormat.Draft7))]
    [TestCase(" Legacy ", nameof(RateLimitHeaderFormat.Legacy))]
    public void TryParse_RateLimitHeaders_ReadsTheFormat(string value, string expected)
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["RateLimitHeaders"] = value }, out var policy, out _), Is.True);
        Assert.That(policy.RateLimitHeaders.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void TryParse_NoRateLimitHeaders_LeavesItToTheGateway()
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["Feature"] = "current" }, out var policy, out _), Is.True);
        Assert.That(policy.RateLimitHeaders, Is.Null);
    }

    [TestCase("draft12")]
    [TestCase("1")]
    [TestCase("x-ratelimit")]
    public void TryParse_UnknownRateLimitHeaders_FailsNamingTheKeyAndTheChoices(string value)
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["RateLimitHeaders"] = value }, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("RateLimitHeaders").And.Contain($"'{value}'").And.Contain("'draft7'"));
    }

    [Test]
    public void TryParse_NoCost_CostsOneUnit()
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["Feature"] = "current" }, out var policy, out _), Is.True);
        Assert.That(policy.Cost, Is.EqualTo(1));
    }

    [TestCase("5", 5)]
    [TestCase("1", 1)]
    [TestCase("1000000", 1_000_000)]
    public void TryParse_Cost_ReadsTheUnits(string value, int expected)
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["Cost"] = value }, out var policy, out _), Is.True);
        Assert.That(policy.Cost, Is.EqualTo(expected));
    }

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("2.5")]
    [TestCase("1000001")]
    [TestCase("lots")]
    public void TryParse_BadCost_FailsNamingTheKey(string value)
    {
        Assert.That(RoutePolicy.TryParse(new Dictionary<string, string> { ["Cost"] = value }, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("Cost").And.Contain(value));
    }
}
