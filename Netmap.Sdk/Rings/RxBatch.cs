using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// Allocation-free iteration over the whole packets of an RX ring's [head, tail) — <c>foreach (Packet p in batch)</c>.
/// Multi-slot packets (NS_MOREFRAG) come as one <see cref="Packet"/>. <see cref="Position"/> is the slot after the
/// last packet returned, ready for <see cref="RxRing.AdvanceTo(uint)"/>.
/// </summary>
public unsafe ref struct RxBatch
{
    private readonly NetmapRingHeader* _ring;
    private readonly uint _end;
    private int _remaining;
    private uint _next;
    private Packet _current;

    internal RxBatch(NetmapRingHeader* ring, uint head, uint tail, int maxPackets)
    {
        _ring = ring;
        Start = head;
        _next = head;
        _end = tail;
        _remaining = maxPackets;
        _current = default;
    }

    /// <summary>The head the batch started at.</summary>
    public uint Start { get; }

    /// <summary>The slot after the last packet returned by <see cref="MoveNext"/>.</summary>
    public readonly uint Position => _next;

    /// <summary>The packet <see cref="MoveNext"/> moved to.</summary>
    public readonly Packet Current => _current;

    /// <summary>Returns this batch, so it works with <c>foreach</c>.</summary>
    public readonly RxBatch GetEnumerator() => this;

    /// <summary>Moves to the next whole packet; false at tail, at the limit, or before an incomplete packet.</summary>
    public bool MoveNext()
    {
        if (_remaining <= 0 || _next == _end)
        {
            return false;
        }

        uint n = _ring->NumSlots;
        var slots = (NetmapSlot*)((byte*)_ring + sizeof(NetmapRingHeader));
        uint i = _next;
        int count = 0, length = 0, size = (int)_ring->NrBufSize;
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

            if (i == _end)
            {
                // The rest of this packet has not arrived: stop before it, it stays for the next batch.
                return false;
            }
        }

        return Take(i, count, length);
    }

    private bool Take(uint after, int count, int length)
    {
        _current = new Packet(_ring, _next, count, length);
        _next = after;
        _remaining--;
        return true;
    }
}
