using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.Gateway.Protection;

/// <summary>
/// Which client a per-address limit counts a request against: the IPv4 address, or the IPv6 /64 (one
/// subscriber's usual allocation, so rotating through its addresses gains nothing).
/// </summary>
internal static class ClientPartition
{
    /// <summary>The partition of <paramref name="address"/>; an unknown address (no socket peer) is one partition of its own.</summary>
    public static UInt128 Of(IPAddress? address)
    {
        if (address is null)
        {
            return UInt128.Zero;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            // As ::ffff:a.b.c.d, so it never meets an IPv6 /64.
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            address.TryWriteBytes(bytes[12..], out _);
            return BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
