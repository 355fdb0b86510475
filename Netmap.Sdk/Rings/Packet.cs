using System;
using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// One received packet in an RX ring: one slot, or a chain of slots linked by NS_MOREFRAG. The data stays in the
/// ring's buffers: nothing is copied until you ask.
/// </summary>
public readonly unsafe ref struct Packet
{
    private readonly NetmapRingHeader* _ring;

    internal Packet(NetmapRingHeader* ring, uint slot, int slotCount, int length)
    {
        _ring = ring;
        Slot = slot;
        SlotCount = slotCount;
        Length = length;
    }

    /// <summary>Index of the first slot.</summary>
    public uint Slot { get; }

    /// <summary>Slots the packet spans (1 unless fragmented).</summary>
    public int SlotCount { get; }

    /// <summary>Total length in bytes over all fragments.</summary>
    public int Length { get; }

    /// <summary>The ring's index within its direction.</summary>
    public int RingId => _ring->RingId;

    /// <summary>True if the packet spans several slots.</summary>
    public bool IsFragmented => SlotCount > 1;

    /// <summary>Flags of the first slot.</summary>
    public NetmapSlotFlags Flags => (NetmapSlotFlags)SlotAt(0).Flags;

    /// <summary>The bytes of the first (for unfragmented packets, the only) slot.</summary>
    public Span<byte> Data => Fragment(0);

    /// <summary>The slot of fragment <paramref name="index"/>.</summary>
    public ref NetmapSlot SlotAt(int index)
    {
        if ((uint)index >= (uint)SlotCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the packet has {SlotCount} fragment(s).");
        }

        uint i = RingMath.Advance(Slot, (uint)index, _ring->NumSlots);
        return ref ((NetmapSlot*)((byte*)_ring + sizeof(NetmapRingHeader)))[i];
    }

    /// <summary>The bytes of fragment <paramref name="index"/> (len clamped to the buffer size).</summary>
    public Span<byte> Fragment(int index)
    {
        ref NetmapSlot slot = ref SlotAt(index);
        int size = (int)_ring->NrBufSize;
        return new Span<byte>((byte*)_ring + _ring->BufOfs + ((long)slot.BufIdx * size), Math.Min(slot.Len, size));
    }

    /// <summary>Copies all fragments into <paramref name="destination"/>; returns the bytes copied.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Length"/>.</exception>
    public int CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"the packet is {Length} bytes; the destination holds {destination.Length}.", nameof(destination));
        }

        int written = 0;
        for (int f = 0; f < SlotCount; f++)
        {
            Span<byte> part = Fragment(f);
            part.CopyTo(destination[written..]);
            written += part.Length;
        }

        return written;
    }
}
