using System.Buffers.Binary;
using System.Text;

namespace Tollgate.Gateway.Caching;

/// <summary>A successful upstream answer as kept in the cache: when it was stored, its content type and body.</summary>
internal sealed record CachedResponse(DateTimeOffset StoredAt, string? ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>[8 bytes stored-at, Unix ms][2 bytes content-type length][content type, UTF-8][body].</summary>
    public byte[] Serialize()
    {
        var contentType = Encoding.UTF8.GetBytes(ContentType ?? "");
        var bytes = new byte[10 + contentType.Length + Body.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, StoredAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), (ushort)contentType.Length);
        contentType.CopyTo(bytes, 10);
        Body.Span.CopyTo(bytes.AsSpan(10 + contentType.Length));
        return bytes;
    }

    /// <summary>Reads <see cref="Serialize"/>'s layout; null for anything that is not it.</summary>
    public static CachedResponse? Deserialize(byte[] bytes)
    {
        if (bytes.Length < 10)
        {
            return null;
        }
        var storedAt = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var contentTypeLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8));
        if (bytes.Length < 10 + contentTypeLength)
        {
            return null;
        }
        var contentType = Encoding.UTF8.GetString(bytes, 10, contentTypeLength);
        return new CachedResponse(
            DateTimeOffset.FromUnixTimeMilliseconds(storedAt),
            contentType.Length == 0 ? null : contentType,
            bytes.AsMemory(10 + contentTypeLength));
    }
}
