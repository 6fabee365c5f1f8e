using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway.UnitTests.Caching;

public sealed class ResponseCacheKeyTests
{
    [Test]
    public void For_ParameterOrderAndCredentials_DoNotMatter()
    {
        Assert.That(Key("?b=2&a=1&api_key=tg_secret"), Is.EqualTo(Key("?a=1&b=2")));
    }

    [Test]
    public void For_NeverHoldsTheKey()
    {
        Assert.That(Key("?city=Oslo&API_KEY=tg_secret"), Does.Not.Contain("tg_secret"));
    }

    [Test]
    public void For_DifferentValues_Differ()
    {
        Assert.That(Key("?city=Oslo"), Is.Not.EqualTo(Key("?city=Bern")));
    }

    [Test]
    public void For_ValuesThatLookLikeSeparators_DoNotCollide()
    {
        Assert.That(Key("?a=1%26b%3D2"), Is.Not.EqualTo(Key("?a=1&b=2")));
    }

    private static string Key(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v3/weather/forecast";
        context.Request.QueryString = new QueryString(query);
        return ResponseCacheKey.For("weather-forecast", context.Request);
    }
}
