using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tollgate.Core.Keys;
using Tollgate.Testing;

namespace Tollgate.Core.UnitTests.Keys;

public sealed class ApiKeyHasherTests
{
    private const string OtherSecret = "another-deployment-secret-of-40-chars-xx";

    [Test]
    public void Hash_SameKeyAndSecret_ReturnsSameLowercaseHex64()
    {
        var key = ApiKeyFormat.Generate();

        var first = Hasher(TestConfiguration.HashSecret).Hash(key);
        var second = Hasher(TestConfiguration.HashSecret).Hash(key);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(second));
            Assert.That(first, Does.Match("^[0-9a-f]{64}$"));
        });
    }

    [Test]
    public void Hash_DifferentSecret_ReturnsDifferentHash()
    {
        var key = ApiKeyFormat.Generate();

        Assert.That(Hasher(OtherSecret).Hash(key), Is.Not.EqualTo(Hasher(TestConfiguration.HashSecret).Hash(key)));
    }

    [Test]
    public void Hash_DifferentKeys_ReturnDifferentHashes()
    {
        var hasher = Hasher(TestConfiguration.HashSecret);
        var first = ApiKeyFormat.Generate();
        var second = ApiKeyFormat.Generate();

        Assert.That(hasher.Hash(first), Is.Not.EqualTo(hasher.Hash(second)));
    }

    [Test]
    public void Hash_Always_IsHmacSha256OfKeyUnderSecret()
    {
        // Every service of one deployment must derive the same address from a key: the construction is the contract.
        var key = ApiKeyFormat.Generate();
        var expected = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestConfiguration.HashSecret), Encoding.ASCII.GetBytes(key)));

        Assert.That(Hasher(TestConfiguration.HashSecret).Hash(key), Is.EqualTo(expected));
    }

    [Test]
    public void Hash_ManyCallsOnOneHasherAtOnce_EachIsHmacSha256OfItsOwnKey()
    {
        // The hasher reuses its HMAC contexts: no call may see another's key or what a previous call left behind.
        var hasher = Hasher(TestConfiguration.HashSecret);
        var secret = Encoding.UTF8.GetBytes(TestConfiguration.HashSecret);
        var keys = Enumerable.Range(0, 2000).Select(_ => ApiKeyFormat.Generate()).ToArray();
        var hashes = new string[keys.Length];

        Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => hashes[i] = hasher.Hash(keys[i]));

        var wrong = Enumerable.Range(0, keys.Length)
            .Count(i => hashes[i] != Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(keys[i]))));
        Assert.That(wrong, Is.Zero);
    }

    [Test]
    public void Hash_Always_DiffersFromPlainSha256()
    {
        // A copy of Redis alone must not let anyone test guessed keys: the secret has to matter.
        var key = ApiKeyFormat.Generate();
        var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)));

        Assert.That(Hasher(TestConfiguration.HashSecret).Hash(key), Is.Not.EqualTo(plain));
    }

    [Test]
    public void Hash_NoSecretConfigured_UsesDevelopmentSecret()
    {
        var key = ApiKeyFormat.Generate();

        Assert.Multiple(() =>
        {
            Assert.That(Hasher(null).Hash(key), Is.EqualTo(Hasher(ApiKeyHasher.DevelopmentSecret).Hash(key)));
            Assert.That(Hasher(null).Hash(key), Is.Not.EqualTo(Hasher(TestConfiguration.HashSecret).Hash(key)));
        });
    }

    [Test]
    public void Hash_InputLongerThanAKey_Throws()
    {
        var hasher = Hasher(TestConfiguration.HashSecret);
        var tooLong = ApiKeyFormat.Generate() + "x";

        Assert.That(() => hasher.Hash(tooLong), Throws.ArgumentException);
    }

    private static ApiKeyHasher Hasher(string? secret) => new(Options.Create(new KeyOptions { HashSecret = secret }));
}
