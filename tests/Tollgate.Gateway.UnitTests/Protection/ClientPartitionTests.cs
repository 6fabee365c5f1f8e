using System.Net;
using Tollgate.Gateway.Protection;

namespace Tollgate.Gateway.UnitTests.Protection;

public sealed class ClientPartitionTests
{
    [TestCase("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", ExpectedResult = true)]
    [TestCase("2001:db8:1:2::1", "2001:db8:1:3::1", ExpectedResult = false)]
    [TestCase("203.0.113.7", "::ffff:203.0.113.7", ExpectedResult = true)]
    [TestCase("203.0.113.7", "203.0.113.8", ExpectedResult = false)]
    [TestCase("0.0.0.0", "::", ExpectedResult = false)]
    [TestCase("::ffff:0:0", "::ffff:0:1", ExpectedResult = false)]
    public bool SamePartition(string a, string b) =>
        ClientPartition.Of(IPAddress.Parse(a)) == ClientPartition.Of(IPAddress.Parse(b));

    [Test]
    public void NoAddress_IsAPartitionOfItsOwn() =>
        Assert.That(ClientPartition.Of(null), Is.Not.EqualTo(ClientPartition.Of(IPAddress.Parse("0.0.0.0"))));
}
