using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Netmap.Interop;

/// <summary>
/// A view of one <c>struct netmap_ring</c> in a mapped region: header fields, the slot array 256 bytes in, and the
/// region's buffers by index (<c>ring + buf_ofs + idx * nr_buf_size</c>). A <c>ref struct</c>, so it cannot outlive
/// the stack frame that holds the mapping alive.
/// </summary>
public readonly unsafe ref struct NetmapRing
{
    private readonly NetmapRingHeader* _ring;

    /// <summary>Wraps the ring at <paramref name="ring"/> (an address inside a mapped region).</summary>
    public NetmapRing(void* ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = (NetmapRingHeader*)ring;
    }

    /// <summary>The ring's address.</summary>
    public nint Address => (nint)_ring;

    /// <summary>The header, for fields this view has no property for.</summary>
    public ref NetmapRingHeader Header => ref *_ring;

    /// <summary><c>num_slots</c>.</summary>
    public uint NumSlots => _ring->NumSlots;

    /// <summary><c>nr_buf_size</c>.</summary>
    public uint BufferSize => _ring->NrBufSize;

    /// <summary><c>ringid</c>.</summary>
    public ushort RingId => _ring->RingId;

    /// <summary>True for a TX ring (<c>dir</c> = 1).</summary>
    public bool IsTx => _ring->Dir == 1;

    /// <summary><c>head</c>: first slot the application owns; it advances head to hand slots to the kernel.</summary>
    public uint Head
    {
        get => Volatile.Read(ref _ring->Head);
        set => Volatile.Write(ref _ring->Head, value);
    }

    /// <summary><c>cur</c>: the wake-up point, in [head, tail].</summary>
    public uint Cur
    {
        get => Volatile.Read(ref _ring->Cur);
        set => Volatile.Write(ref _ring->Cur, value);
    }

    /// <summary><c>tail</c>: first slot the kernel owns; only the kernel writes it.</summary>
    public uint Tail => Volatile.Read(ref _ring->Tail);

    /// <summary><c>flags</c> as <see cref="NetmapRingFlags"/>.</summary>
    public NetmapRingFlags Flags
    {
        get => (NetmapRingFlags)_ring->Flags;
        set => _ring->Flags = (uint)value;
    }

    /// <summary>The time stamp of the last RX sync.</summary>
    public DateTimeOffset Timestamp =>
        DateTimeOffset.FromUnixTimeSeconds(_ring->TsSec).AddTicks(_ring->TsUsec * 10);

    /// <summary>The slot array (<c>num_slots</c> entries starting 256 bytes into the ring).</summary>
    public Span<NetmapSlot> Slots => new((byte*)_ring + sizeof(NetmapRingHeader), (int)_ring->NumSlots);

    /// <summary>Slot <paramref name="index"/>.</summary>
    public ref NetmapSlot Slot(uint index)
    {
        if (index >= _ring->NumSlots)
        {
            ThrowSlot(index, _ring->NumSlots);
        }

        return ref ((NetmapSlot*)((byte*)_ring + sizeof(NetmapRingHeader)))[index];
    }

    /// <summary>The whole buffer <paramref name="bufIdx"/> of this ring's region (<c>nr_buf_size</c> bytes).</summary>
    /// <remarks>The index is not checked against the pool size: the caller owns that invariant, as in C.</remarks>
    public Span<byte> Buffer(uint bufIdx) =>
        new((byte*)_ring + _ring->BufOfs + ((long)bufIdx * _ring->NrBufSize), (int)_ring->NrBufSize);

    /// <summary>The first <c>len</c> bytes of the buffer of slot <paramref name="index"/>, clamped to the buffer size.</summary>
    public Span<byte> SlotData(uint index)
    {
        ref NetmapSlot slot = ref Slot(index);
        return Buffer(slot.BufIdx)[..Math.Min(slot.Len, (int)_ring->NrBufSize)];
    }

    /// <summary><c>nm_ring_next</c>: the slot after <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Next(uint index) => RingMath.Next(index, _ring->NumSlots);

    /// <summary><c>nm_ring_space</c>: slots the application owns, <c>tail - head</c> modulo n.</summary>
    public uint Space => RingMath.Space(Head, Tail, _ring->NumSlots);

    /// <summary><c>nm_ring_empty</c>: head == tail.</summary>
    public bool IsEmpty => Head == Tail;

    /// <summary><c>nm_tx_pending</c>: a TX ring still has slots the kernel has not finished sending.</summary>
    public bool TxPending => RingMath.Next(Tail, _ring->NumSlots) != Head;

    private static void ThrowSlot(uint index, uint count) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"slot index must be below num_slots ({count}).");
}
