using Tollgate.Core.Invalidation;

namespace Tollgate.Core.UnitTests.Invalidation;

public sealed class CacheInvalidationTests
{
    [Test]
    public void TryParse_WireFormOfKeyInvalidation_RoundTrips()
    {
        var sent = CacheInvalidation.ForKey(new string('a', 64));

        var parsed = CacheInvalidation.TryParse(sent.ToString(), out var received);

        Assert.Multiple(() =>
        {
            Assert.That(sent.ToString(), Is.EqualTo("key:" + new string('a', 64)));
            Assert.That(parsed, Is.True);
            Assert.That(received, Is.EqualTo(sent));
            Assert.That(received.Kind, Is.EqualTo(CacheInvalidationKind.Key));
        });
    }

    [Test]
    public void TryParse_WireFormOfAccountInvalidation_RoundTrips()
    {
        var sent = CacheInvalidation.ForAccount(Ids.NewAccountId());

        var parsed = CacheInvalidation.TryParse(sent.ToString(), out var received);

        Assert.Multiple(() =>
        {
            Assert.That(sent.ToString(), Does.StartWith("account:acc_"));
            Assert.That(parsed, Is.True);
            Assert.That(received, Is.EqualTo(sent));
            Assert.That(received.Kind, Is.EqualTo(CacheInvalidationKind.Account));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("key:")]
    [TestCase("account:")]
    [TestCase("tier:pro")]
    [TestCase("KEY:abc")]
    public void TryParse_AnythingElse_ReturnsFalse(string? message) =>
        Assert.That(CacheInvalidation.TryParse(message, out _), Is.False);
}
