using System.Text;
using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway.UnitTests.Caching;

public sealed class CachedResponseTests
{
    [Test]
    public void Serialize_RoundTrips()
    {
        var stored = new CachedResponse(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123), "application/json; charset=utf-8",
            Encoding.UTF8.GetBytes("{\"city\":\"Oslo\"}"));

        var read = CachedResponse.Deserialize(stored.Serialize())!;

        Assert.That(read.StoredAt, Is.EqualTo(stored.StoredAt));
        Assert.That(read.ContentType, Is.EqualTo(stored.ContentType));
        Assert.That(read.Body.ToArray(), Is.EqualTo(stored.Body.ToArray()));
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 255, 255, 1 })]
    public void Deserialize_Garbage_ReturnsNull(byte[] bytes)
    {
        Assert.That(CachedResponse.Deserialize(bytes), Is.Null);
    }
}
