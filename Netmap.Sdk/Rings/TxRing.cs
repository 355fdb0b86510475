using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// A TX ring (NIC or host) of an open port. The application owns [head, tail): it fills slots from head and
/// advances head (and cur); the next txsync or poll sends them. At most n-1 slots are ever usable.
/// </summary>
public readonly unsafe struct TxRing
{
    private readonly NetmapRingHeader* _ring;

    internal TxRing(NetmapRingHeader* ring, ushort memId, bool keepsFragments)
    {
        _ring = ring;
        MemId = memId;
        KeepsFragments = keepsFragments;
    }

    /// <summary>The memory region of the ring's buffers.</summary>
    public ushort MemId { get; }

    /// <summary>
    /// True if the ring sends an NS_MOREFRAG chain as one packet (pipes, native NICs); false where each slot goes
    /// out as a frame of its own (host rings, emulated adapters), so a fragmented packet cannot be sent there.
    /// </summary>
    public bool KeepsFragments { get; }

    /// <summary>The ring's index within its direction.</summary>
    public int RingId => _ring->RingId;

    /// <summary>The Interop view.</summary>
    public NetmapRing View => new(_ring);

    /// <summary><c>num_slots</c>.</summary>
    public uint NumSlots => _ring->NumSlots;

    /// <summary>Size of each buffer.</summary>
    public int BufferSize => (int)_ring->NrBufSize;

    /// <summary><c>head</c>.</summary>
    public uint Head => Volatile.Read(ref _ring->Head);

    /// <summary><c>tail</c>.</summary>
    public uint Tail => Volatile.Read(ref _ring->Tail);

    /// <summary>Free slots the application may fill now.</summary>
    public uint Space => RingMath.Space(Head, Tail, _ring->NumSlots);

    /// <summary>
    /// Copies a built frame into the ring (several slots with NS_MOREFRAG if it is larger than a buffer and the
    /// ring keeps fragments) and advances head and cur past it.
    /// </summary>
    /// <returns>false if there is not enough space (nothing is written), or the frame cannot be sent here.</returns>
    public bool TryTransmit(ReadOnlySpan<byte> frame) => Transmit(frame) == ForwardResult.Copied;

    /// <summary>
    /// <see cref="TryTransmit"/> that tells a full ring (<see cref="ForwardResult.NoSpace"/>: try again later) from a
    /// frame this ring can never take (<see cref="ForwardResult.Unsendable"/>: empty, more slots than netmap allows
    /// or than the ring has, or several slots where each slot goes out as a frame of its own).
    /// </summary>
    public ForwardResult Transmit(ReadOnlySpan<byte> frame)
    {
        int size = (int)_ring->NrBufSize;
        int slotsNeeded = frame.Length <= size ? 1 : (frame.Length + size - 1) / size;
        if (frame.Length == 0 || slotsNeeded > NetmapApi.MaxFragments || slotsNeeded >= _ring->NumSlots || (slotsNeeded > 1 && !KeepsFragments))
        {
            return ForwardResult.Unsendable;
        }

        if (Space < slotsNeeded)
        {
            return ForwardResult.NoSpace;
        }

        uint i = Head, n = _ring->NumSlots;
        for (int s = 0; s < slotsNeeded; s++)
        {
            ref NetmapSlot slot = ref SlotRef(i);
            ReadOnlySpan<byte> part = frame.Slice(s * size, Math.Min(size, frame.Length - (s * size)));
            part.CopyTo(BufferOf(slot.BufIdx));
            slot.Len = (ushort)part.Length;
            // Keep NS_BUF_CHANGED if an earlier swap left it: the kernel must still learn of that buffer.
            slot.Flags = (ushort)((slot.Flags & (ushort)NetmapSlotFlags.BufChanged) |
                (s + 1 < slotsNeeded ? (ushort)NetmapSlotFlags.MoreFragments : (ushort)0));
            i = RingMath.Next(i, n);
        }

        Publish(i);
        return ForwardResult.Copied;
    }

    /// <summary>
    /// Moves a received packet here: zero-copy by swapping buffer indexes (NS_BUF_CHANGED on both slots) when both
    /// rings share a memory region, else by copying. The RX slots keep their positions; the caller releases them.
    /// </summary>
    public ForwardResult TryForward(in Packet packet, ushort sourceMemId)
    {
        // A chain the ring could never hold whole would otherwise wait for room for ever.
        if ((packet.IsFragmented && !KeepsFragments) || packet.SlotCount >= _ring->NumSlots)
        {
            return ForwardResult.Unsendable;
        }

        if (Space < packet.SlotCount)
        {
            return ForwardResult.NoSpace;
        }

        bool swap = sourceMemId == MemId;
        uint i = Head, n = _ring->NumSlots;
        for (int f = 0; f < packet.SlotCount; f++)
        {
            ref NetmapSlot rx = ref packet.SlotAt(f);
            ref NetmapSlot tx = ref SlotRef(i);
            ushort moreFragments = (ushort)(rx.Flags & (ushort)NetmapSlotFlags.MoreFragments);
            if (swap)
            {
                (tx.BufIdx, rx.BufIdx) = (rx.BufIdx, tx.BufIdx);
                tx.Len = rx.Len;
                tx.Flags = (ushort)((ushort)NetmapSlotFlags.BufChanged | moreFragments);
                rx.Flags |= (ushort)NetmapSlotFlags.BufChanged;
            }
            else
            {
                Span<byte> source = packet.Fragment(f);
                source.CopyTo(BufferOf(tx.BufIdx));
                tx.Len = (ushort)source.Length;
                tx.Flags = (ushort)((tx.Flags & (ushort)NetmapSlotFlags.BufChanged) | moreFragments);
            }

            i = RingMath.Next(i, n);
        }

        Publish(i);
        return swap ? ForwardResult.Swapped : ForwardResult.Copied;
    }

    /// <summary>Slot <paramref name="index"/> of the ring.</summary>
    public ref NetmapSlot SlotRef(uint index) =>
        ref ((NetmapSlot*)((byte*)_ring + sizeof(NetmapRingHeader)))[index];

    /// <summary>The whole buffer <paramref name="bufIdx"/> of the ring's region.</summary>
    public Span<byte> BufferOf(uint bufIdx) =>
        new((byte*)_ring + _ring->BufOfs + ((long)bufIdx * _ring->NrBufSize), (int)_ring->NrBufSize);

    /// <summary>Hands [head, <paramref name="newHead"/>) to the kernel at the next txsync: head = cur = newHead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(uint newHead)
    {
        Volatile.Write(ref _ring->Cur, newHead);
        Volatile.Write(ref _ring->Head, newHead);
    }
}
