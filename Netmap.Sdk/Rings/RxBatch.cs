using System.Diagnostics.CodeAnalysis;
using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// Allocation-free iteration over the whole packets of an RX ring's [head, tail) — <c>foreach (Packet p in batch)</c>
/// or <c>while (batch.MoveNext())</c>. Multi-slot packets (NS_MOREFRAG) come as one <see cref="Packet"/>.
/// <see cref="Position"/> is the slot after the last packet returned, ready for <see cref="RxRing.AdvanceTo(uint)"/>.
/// </summary>
public unsafe ref struct RxBatch
{
    private readonly NetmapRingHeader* _ring;
    private readonly uint _end;
    private int _remaining;
    private uint _next;
    private uint _slot;
    private int _count;
    private int _length;

    internal RxBatch(NetmapRingHeader* ring, uint head, uint tail, int maxPackets)
    {
        _ring = ring;
        Start = head;
        _next = head;
        _end = tail;
        _remaining = maxPackets;
    }

    /// <summary>The head the batch started at.</summary>
    public uint Start { get; }

    /// <summary>The slot after the last packet returned (by <see cref="MoveNext"/> or a <c>foreach</c> over the batch).</summary>
    public readonly uint Position => _next;

    /// <summary>The packet <see cref="MoveNext"/> moved to.</summary>
    public readonly Packet Current => new(_ring, _slot, _count, _length);

    /// <summary>
    /// Enumerates this batch in place, so after a <c>foreach</c> <see cref="Position"/> is where the loop stopped
    /// (an enumerator over a copy would leave it at the start and <c>AdvanceTo(batch.Position)</c> would release nothing).
    /// </summary>
    [UnscopedRef]
    public Enumerator GetEnumerator() => new(_ring, _end, ref _next, ref _remaining);

    /// <summary>Moves to the next whole packet; false at tail, at the limit, or before an incomplete packet.</summary>
    public bool MoveNext() => Advance(_ring, _end, ref _next, ref _remaining, out _slot, out _count, out _length);

    /// <summary>The <c>foreach</c> enumerator: it moves the batch's own position.</summary>
    public ref struct Enumerator
    {
        private readonly NetmapRingHeader* _ring;
        private readonly uint _end;
        private readonly ref uint _next;
        private readonly ref int _remaining;
        private uint _slot;
        private int _count;
        private int _length;

        internal Enumerator(NetmapRingHeader* ring, uint end, ref uint next, ref int remaining)
        {
            _ring = ring;
            _end = end;
            _next = ref next;
            _remaining = ref remaining;
        }

        /// <summary>The current packet.</summary>
        public readonly Packet Current => new(_ring, _slot, _count, _length);

        /// <summary>Moves to the next whole packet.</summary>
        public bool MoveNext() => Advance(_ring, _end, ref _next, ref _remaining, out _slot, out _count, out _length);
    }

    private static bool Advance(NetmapRingHeader* ring, uint end, ref uint next, ref int remaining,
        out uint first, out int count, out int length)
    {
        first = next;
        count = 0;
        length = 0;
        if (remaining <= 0 || next == end)
        {
            return false;
        }

        uint n = ring->NumSlots, i = next;
        int size = (int)ring->NrBufSize;
        var slots = (NetmapSlot*)((byte*)ring + sizeof(NetmapRingHeader));
        while (true)
        {
            NetmapSlot* slot = slots + i;
            length += slot->Len < size ? slot->Len : size;
            count++;
            i = RingMath.Next(i, n);
            if ((slot->Flags & (ushort)NetmapSlotFlags.MoreFragments) == 0 || count == NetmapApi.MaxFragments)
            {
                // netmap caps a chain at NETMAP_MAX_FRAGS slots; a longer one is cut there, never read past tail.
                break;
            }

            if (i == end)
            {
                // The rest of this packet has not arrived: stop before it, it stays for the next batch.
                count = 0;
                length = 0;
                return false;
            }
        }

        next = i;
        remaining--;
        return true;
    }
}
