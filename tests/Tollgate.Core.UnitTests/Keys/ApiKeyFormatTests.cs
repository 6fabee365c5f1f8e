using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Core.Keys;

namespace Tollgate.Core.UnitTests.Keys;

public sealed class ApiKeyFormatTests
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    [Test]
    public void Generate_Always_ReturnsWellFormedKeyOfDocumentedShape()
    {
        var key = ApiKeyFormat.Generate();

        Assert.Multiple(() =>
        {
            Assert.That(key, Has.Length.EqualTo(ApiKeyFormat.Length).And.Length.EqualTo(41));
            Assert.That(key, Does.StartWith("tg_"));
            Assert.That(key[3..].All(c => Base62.Contains(c, StringComparison.Ordinal)), Is.True, key);
            Assert.That(ApiKeyFormat.IsWellFormed(key), Is.True, key);
        });
    }

    [Test]
    public void Generate_ThousandKeys_AreAllDistinctAndWellFormed()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyFormat.Generate()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.Unique);
            Assert.That(keys.Where(k => !ApiKeyFormat.IsWellFormed(k)), Is.Empty);
            // 190 random bits: even the 8 random characters of the clear prefix should practically never repeat.
            Assert.That(keys.Select(k => ApiKeyFormat.PrefixOf(k)).Distinct().Count(), Is.GreaterThan(995));
        });
    }

    [Test]
    public void IsWellFormed_KeyBuiltWithDocumentedChecksum_ReturnsTrue()
    {
        // The documented algorithm (first 32 bits of SHA-256 of the body, 6 base62 digits) is part of the
        // format: secret scanners and other services may check keys without this library.
        var body = "tg_" + new string('a', 16) + new string('Z', 16);

        Assert.That(ApiKeyFormat.IsWellFormed(body + ReferenceChecksum(body)), Is.True);
    }

    [Test]
    public void HasShape_ChecksLengthMarkerAndAlphabet_NotTheChecksum()
    {
        var key = ApiKeyFormat.Generate();
        var badChecksum = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');

        Assert.Multiple(() =>
        {
            Assert.That(ApiKeyFormat.HasShape(key), Is.True);
            Assert.That(ApiKeyFormat.HasShape(badChecksum), Is.True, "the checksum is IsWellFormed's part");
            Assert.That(ApiKeyFormat.IsWellFormed(badChecksum), Is.False);
            Assert.That(ApiKeyFormat.HasShape(key.AsSpan()[..^1]), Is.False, "too short");
            Assert.That(ApiKeyFormat.HasShape("xx_" + key[3..]), Is.False, "no marker");
            Assert.That(ApiKeyFormat.HasShape(key[..^1] + "-"), Is.False, "not base62");
        });
    }

    [Test]
    public void IsWellFormed_OneCharacterChanged_ReturnsFalse()
    {
        var key = ApiKeyFormat.Generate();
        var accepted = new List<string>();

        for (var position = 0; position < key.Length; position++)
        {
            // Two different replacements per position: neighbouring and far-away characters of the alphabet.
            foreach (var shift in (int[])[1, 31])
            {
                var original = key[position];
                var index = Base62.IndexOf(original, StringComparison.Ordinal);
                var replacement = index < 0 ? 'x' : Base62[(index + shift) % Base62.Length];
                if (replacement == original)
                {
                    replacement = 'y';
                }
                var changed = string.Concat(key.AsSpan(0, position), new string(replacement, 1), key.AsSpan(position + 1));
                if (ApiKeyFormat.IsWellFormed(changed))
                {
                    accepted.Add($"{position}: {changed}");
                }
            }
        }

        Assert.That(accepted, Is.Empty, $"changes of {key} accepted");
    }

    [Test]
    public void IsWellFormed_TwoAdjacentCharactersSwapped_ReturnsFalse()
    {
        var key = ApiKeyFormat.Generate();
        var accepted = new List<int>();

        for (var position = 3; position < key.Length - 1; position++)
        {
            if (key[position] == key[position + 1])
            {
                continue;
            }
            var swapped = key.ToCharArray();
            (swapped[position], swapped[position + 1]) = (swapped[position + 1], swapped[position]);
            if (ApiKeyFormat.IsWellFormed(swapped))
            {
                accepted.Add(position);
            }
        }

        Assert.That(accepted, Is.Empty, key);
    }

    [TestCase("tk_")]
    [TestCase("TG_")]
    [TestCase("tg-")]
    [TestCase("sk_")]
    public void IsWellFormed_OtherMarkerWithValidChecksum_ReturnsFalse(string marker)
    {
        // The checksum is right for the body, so only the marker check can refuse it.
        var body = marker + ApiKeyFormat.Generate()[3..^6];

        Assert.That(ApiKeyFormat.IsWellFormed(body + ReferenceChecksum(body)), Is.False);
    }

    [TestCase(-1)]
    [TestCase(1)]
    [TestCase(8)]
    public void IsWellFormed_WrongLengthWithValidChecksum_ReturnsFalse(int lengthChange)
    {
        var key = ApiKeyFormat.Generate();
        var randomPart = lengthChange < 0 ? key[3..(key.Length - 6 + lengthChange)] : key[3..^6] + new string('Q', lengthChange);
        var body = "tg_" + randomPart;

        Assert.That(ApiKeyFormat.IsWellFormed(body + ReferenceChecksum(body)), Is.False);
    }

    [TestCase("")]
    [TestCase("tg_")]
    [TestCase("not a key at all")]
    public void IsWellFormed_Garbage_ReturnsFalse(string candidate) =>
        Assert.That(ApiKeyFormat.IsWellFormed(candidate), Is.False);

    [Test]
    public void IsWellFormed_KeyWithAppendedOrMissingCharacter_ReturnsFalse()
    {
        var key = ApiKeyFormat.Generate();

        Assert.Multiple(() =>
        {
            Assert.That(ApiKeyFormat.IsWellFormed(key + "0"), Is.False);
            Assert.That(ApiKeyFormat.IsWellFormed(key.AsSpan(0, key.Length - 1)), Is.False);
            Assert.That(ApiKeyFormat.IsWellFormed(string.Concat(" ", key.AsSpan(0, key.Length - 1))), Is.False);
        });
    }

    [TestCase('\0')]
    [TestCase('\n')]
    [TestCase('\u007f')]
    [TestCase(' ')]
    [TestCase('-')]
    [TestCase('é')]
    [TestCase('\uff10')] // fullwidth digit zero
    public void IsWellFormed_ForeignCharacterInRandomPart_ReturnsFalse(char foreign)
    {
        var body = "tg_" + foreign + ApiKeyFormat.Generate()[4..^6];

        Assert.That(ApiKeyFormat.IsWellFormed(body + ReferenceChecksum(body)), Is.False);
    }

    [Test]
    public void IsWellFormed_NonAsciiCharacterWhoseLowByteIsValid_ReturnsFalse()
    {
        // U+0141 has the low byte 0x41 ('A'). A checksum over truncated bytes cannot tell them apart,
        // so only the character check keeps this look-alike out.
        var key = ApiKeyFormat.Generate();
        var body = key[..^6];
        var checksum = ReferenceChecksum(body);
        var lookAlike = "tg_" + (char)(body[3] + 0x100) + body[4..] + checksum;

        Assert.Multiple(() =>
        {
            Assert.That(ApiKeyFormat.IsWellFormed(body + checksum), Is.True);
            Assert.That(ApiKeyFormat.IsWellFormed(lookAlike), Is.False);
        });
    }

    [Test]
    public void PrefixOf_GeneratedKey_IsMarkerAndEightRandomCharacters()
    {
        var key = ApiKeyFormat.Generate();

        var prefix = ApiKeyFormat.PrefixOf(key);

        Assert.Multiple(() =>
        {
            Assert.That(prefix, Has.Length.EqualTo(ApiKeyFormat.PrefixLength).And.Length.EqualTo(11));
            Assert.That(key, Does.StartWith(prefix));
            Assert.That(prefix, Does.StartWith(ApiKeyFormat.Marker));
        });
    }

    [Test]
    public void PrefixOf_GeneratedKey_LeavesMostOfTheRandomnessSecret()
    {
        // What is kept in clear must not weaken the key: at least 128 random bits stay secret.
        var secretRandomCharacters = ApiKeyFormat.RandomLength - (ApiKeyFormat.PrefixLength - ApiKeyFormat.Marker.Length);

        Assert.That(secretRandomCharacters * Math.Log2(62), Is.GreaterThanOrEqualTo(128));
    }

    /// <summary>The checksum as documented on <see cref="ApiKeyFormat"/>, written independently.</summary>
    private static string ReferenceChecksum(string body)
    {
        var digest = SHA256.HashData(Encoding.Latin1.GetBytes(body.Select(c => (char)(byte)c).ToArray()));
        var value = BinaryPrimitives.ReadUInt32BigEndian(digest);
        var digits = new char[ApiKeyFormat.ChecksumLength];
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
        return new string(digits);
    }
}
