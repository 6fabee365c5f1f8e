using System.Net;
using Tollgate.Core.Keys;
using Tollgate.Gateway.Authentication;

namespace Tollgate.Gateway.UnitTests.Authentication;

public sealed class ClientNetworksTests
{
    private readonly ClientNetworks _networks = new();

    [TestCase("10.1.2.3", ExpectedResult = true)]
    [TestCase("192.168.7.7", ExpectedResult = true)]
    [TestCase("::ffff:10.1.2.3", ExpectedResult = true)]
    [TestCase("11.0.0.1", ExpectedResult = false)]
    [TestCase("192.168.7.8", ExpectedResult = false)]
    [TestCase("2001:db8::1", ExpectedResult = true)]
    [TestCase("2001:db9::1", ExpectedResult = false)]
    public bool Allows_ChecksCidrRangesAndSingleAddresses(string client) =>
        _networks.Allows(Key("10.0.0.0/8", "192.168.7.7", "2001:db8::/32"), IPAddress.Parse(client));

    [Test]
    public void Allows_KeyWithoutRestriction_AllowsAnyoneEvenWithoutAddress()
    {
        Assert.That(_networks.Allows(Key(), null), Is.True);
    }

    [Test]
    public void Allows_RestrictedKeyAndUnknownAddress_Refuses()
    {
        Assert.That(_networks.Allows(Key("10.0.0.0/8"), null), Is.False);
    }

    private static ApiKeyRecord Key(params string[] allowed) =>
        new("key_x", "acc_x", "n", "tg_x", DateTimeOffset.UnixEpoch, null, null, [], allowed);
}
