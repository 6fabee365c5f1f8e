using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Authentication;

namespace Tollgate.Gateway.UnitTests.Authentication;

public sealed class ApiKeyCredentialsTests
{
    [Test]
    public void TryRead_KeyInHeader_ReturnsIt()
    {
        var request = Request(header: ["tg_key"]);
        Assert.That(ApiKeyCredentials.TryRead(request, out var key), Is.EqualTo(AuthenticationFailure.None));
        Assert.That(key, Is.EqualTo("tg_key"));
    }

    [Test]
    public void TryRead_KeyInQuery_ReturnsIt()
    {
        var request = Request(query: "?api_key=tg_key");
        Assert.That(ApiKeyCredentials.TryRead(request, out var key), Is.EqualTo(AuthenticationFailure.None));
        Assert.That(key, Is.EqualTo("tg_key"));
    }

    [Test]
    public void TryRead_SameKeyInHeaderAndQuery_ReturnsIt()
    {
        var request = Request(header: ["tg_key"], query: "?api_key=tg_key");
        Assert.That(ApiKeyCredentials.TryRead(request, out _), Is.EqualTo(AuthenticationFailure.None));
    }

    [TestCase("?api_key=tg_other")]
    [TestCase("?api_key=tg_key&api_key=tg_key")]
    public void TryRead_ConflictingOrRepeatedKeys_IsAmbiguous(string query)
    {
        var request = Request(header: ["tg_key"], query: query);
        Assert.That(ApiKeyCredentials.TryRead(request, out _), Is.EqualTo(AuthenticationFailure.Ambiguous));
    }

    [Test]
    public void TryRead_TwoHeaderValues_IsAmbiguous()
    {
        Assert.That(ApiKeyCredentials.TryRead(Request(header: ["a", "b"]), out _), Is.EqualTo(AuthenticationFailure.Ambiguous));
    }

    [TestCase("")]
    [TestCase("?api_key=")]
    public void TryRead_NothingOrEmpty_IsMissing(string query)
    {
        Assert.That(ApiKeyCredentials.TryRead(Request(query: query), out _), Is.EqualTo(AuthenticationFailure.Missing));
    }

    private static HttpRequest Request(string[]? header = null, string query = "")
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers[ApiKeyCredentials.HeaderName] = header;
        }
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return context.Request;
    }
}
