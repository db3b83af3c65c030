using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Collector.Influx.LineProtocol;

namespace Collector.Tests.Influx;

public class ShortSha256Tests
{
    static ulong Platform(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(data));

    [Fact]
    public void ItGivesTheSameFirst64BitsAsThePlatformsSha256ForEveryLengthUpToItsMaximum()
    {
        var random = new Random(20261201);
        for (var length = 0; length <= ShortSha256.MaxLength; length++)
        {
            for (var sample = 0; sample < 20; sample++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                Assert.Equal(Platform(data), ShortSha256.First64(data));
            }
        }
    }

    [Fact]
    public void ItMatchesTheStandardTestVectors()
    {
        Assert.Equal(0xE3B0C44298FC1C14ul, ShortSha256.First64([])); // sha256("") = e3b0c442 98fc1c14…
        Assert.Equal(0xBA7816BF8F01CFEAul, ShortSha256.First64("abc"u8)); // sha256("abc") = ba7816bf 8f01cfea…
        Assert.Equal(0x248D6A61D20638B8ul, ShortSha256.First64("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8)); // two blocks
    }

    [Fact]
    public void ItRefusesInputsLongerThanItsMaximum()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortSha256.First64(new byte[ShortSha256.MaxLength + 1]));
    }

    [Fact]
    public void CallTimestampHashesEveryKeyAsThePlatformsSha256DoesShortLongAndNonAscii()
    {
        var keys = new List<string> { "a", "00000000-0000-0000-0000-000000000000/17", "Zürich ☎ 📞", new string('x', 84), new string('x', 85), new string('é', 128), new string('k', 300) };
        keys.AddRange(Enumerable.Range(0, 2000).Select(i => $"{i * 7919}:{i}/leg-{i % 13}"));

        foreach (var key in keys)
            Assert.Equal(Platform(Encoding.UTF8.GetBytes(key)), CallTimestamp.Hash64(key));
    }
}
