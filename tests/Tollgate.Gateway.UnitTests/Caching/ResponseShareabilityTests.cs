using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway.UnitTests.Caching;

/// <summary>Which upstream answers the response cache may hand to every later caller.</summary>
public sealed class ResponseShareabilityTests
{
    [TestCase(null, null, null, ExpectedResult = true)]
    [TestCase(null, "Accept-Encoding", null, ExpectedResult = true)]
    [TestCase("identity", "accept-encoding, Accept-Encoding", "public, max-age=60", ExpectedResult = true)]
    [TestCase("gzip", null, null, ExpectedResult = false)]
    [TestCase("br", "Accept-Encoding", null, ExpectedResult = false)]
    [TestCase(null, "Accept-Encoding, Accept-Language", null, ExpectedResult = false)]
    [TestCase(null, "*", null, ExpectedResult = false)]
    [TestCase(null, "Origin", null, ExpectedResult = false)]
    [TestCase(null, null, "private", ExpectedResult = false)]
    [TestCase(null, null, "max-age=60, no-store", ExpectedResult = false)]
    public bool IsShareable(string? contentEncoding, string? vary, string? cacheControl)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (contentEncoding is not null)
        {
            headers.ContentEncoding = contentEncoding;
        }
        if (vary is not null)
        {
            headers.Vary = vary;
        }
        if (cacheControl is not null)
        {
            headers.CacheControl = cacheControl;
        }
        return ResponseCacheMiddleware.IsShareable(headers);
    }

    [Test]
    public void SettingACookie_IsNotShareable() =>
        Assert.That(ResponseCacheMiddleware.IsShareable(new HeaderDictionary { ["Set-Cookie"] = "a=b" }), Is.False);
}
