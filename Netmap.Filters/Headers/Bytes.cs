using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Netmap.Filters.Headers;

/// <summary>Big-endian reads that answer zero instead of throwing when the field lies outside the span.</summary>
/// <remarks>
/// Views use these so that even a default-constructed view (an empty span) is safe to read: a filter that forgets
/// to check a TryRead result sees zeros, never an exception on the packet path.
/// </remarks>
internal static class Bytes
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte U8(ReadOnlySpan<byte> span, int offset) =>
        (uint)offset < (uint)span.Length ? span[offset] : (byte)0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort U16(ReadOnlySpan<byte> span, int offset) =>
        (uint)offset <= (uint)span.Length && span.Length - offset >= 2
            ? BinaryPrimitives.ReadUInt16BigEndian(span.Slice(offset, 2))
            : (ushort)0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32(ReadOnlySpan<byte> span, int offset) =>
        (uint)offset <= (uint)span.Length && span.Length - offset >= 4
            ? BinaryPrimitives.ReadUInt32BigEndian(span.Slice(offset, 4))
            : 0u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> span, int offset, int length) =>
        offset >= 0 && length >= 0 && offset <= span.Length && span.Length - offset >= length
            ? span.Slice(offset, length)
            : ReadOnlySpan<byte>.Empty;
}
