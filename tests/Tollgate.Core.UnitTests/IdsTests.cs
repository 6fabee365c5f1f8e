namespace Tollgate.Core.UnitTests;

public sealed class IdsTests
{
    [Test]
    public void NewAccountId_Always_IsWellFormedAndDistinct()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => Ids.NewAccountId()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.Unique);
            Assert.That(ids.Where(id => !Ids.IsWellFormed(id, "acc_")), Is.Empty);
        });
    }

    [TestCase("acc_")]
    [TestCase("acc_abcdefghijklmnop1")] // digit 1 is not base32
    [TestCase("acc_abcdefghijklmno")] // too short
    [TestCase("key_abcdefghijklmnop")] // other marker
    [TestCase("acc_ABCDEFGHIJKLMNOP")]
    [TestCase("acc_abcdefgh{jklmnop")] // would break the Redis hash tag
    public void IsWellFormed_NotAnAccountId_ReturnsFalse(string candidate) =>
        Assert.That(Ids.IsWellFormed(candidate, "acc_"), Is.False);

    [Test]
    public void NewKeyId_Always_IsWellFormedKeyId() =>
        Assert.That(Ids.IsWellFormed(Ids.NewKeyId(), "key_"), Is.True);
}
