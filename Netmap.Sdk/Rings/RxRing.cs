using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// An RX ring (NIC or host) of an open port. The application owns [head, tail): <see cref="Read"/> walks it as
/// whole packets and <see cref="AdvanceTo(uint, uint)"/> hands slots back once per batch, like
/// <c>PipeReader.AdvanceTo(consumed, examined)</c>: head moves to what was consumed, cur to what was examined.
/// </summary>
public readonly unsafe struct RxRing
{
    private readonly NetmapRingHeader* _ring;

    internal RxRing(NetmapRingHeader* ring, ushort memId)
    {
        _ring = ring;
        MemId = memId;
    }

    /// <summary>The memory region of the ring's buffers.</summary>
    public ushort MemId { get; }

    /// <summary>The ring's index within its direction (host rings follow NIC rings).</summary>
    public int RingId => _ring->RingId;

    /// <summary>The Interop view, for anything this type does not offer.</summary>
    public NetmapRing View => new(_ring);

    /// <summary><c>num_slots</c>.</summary>
    public uint NumSlots => _ring->NumSlots;

    /// <summary><c>head</c>.</summary>
    public uint Head => Volatile.Read(ref _ring->Head);

    /// <summary><c>cur</c>.</summary>
    public uint Cur => Volatile.Read(ref _ring->Cur);

    /// <summary><c>tail</c>.</summary>
    public uint Tail => Volatile.Read(ref _ring->Tail);

    /// <summary>Slots received and not yet released.</summary>
    public uint Available => RingMath.Space(Head, Tail, _ring->NumSlots);

    /// <summary>The packets in [head, tail), at most <paramref name="maxPackets"/>; a packet whose last fragment has not arrived ends the batch.</summary>
    public RxBatch Read(int maxPackets = int.MaxValue) => new(_ring, Head, Tail, maxPackets);

    /// <summary>Releases up to <paramref name="consumed"/> and wakes when tail passes <paramref name="examined"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The positions are not in [head, tail] in ring order.</exception>
    public void AdvanceTo(uint consumed, uint examined)
    {
        uint n = _ring->NumSlots, head = Head, tail = Tail;
        if (consumed >= n || examined >= n || !RingMath.InClosed(head, consumed, tail, n) || !RingMath.InClosed(consumed, examined, tail, n))
        {
            ThrowPositions(consumed, examined, head, tail);
        }

        Volatile.Write(ref _ring->Head, consumed);
        Volatile.Write(ref _ring->Cur, examined);
    }

    /// <summary>Releases up to <paramref name="consumed"/> (cur follows head).</summary>
    public void AdvanceTo(uint consumed) => AdvanceTo(consumed, consumed);

    /// <summary>Sets NR_FORWARD: released slots marked NS_FORWARD cross to the other side (transparent mode).</summary>
    public bool TransparentMode
    {
        get => (_ring->Flags & (uint)NetmapRingFlags.Forward) != 0;
        set => _ring->Flags = value ? _ring->Flags | (uint)NetmapRingFlags.Forward : _ring->Flags & ~(uint)NetmapRingFlags.Forward;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowPositions(uint consumed, uint examined, uint head, uint tail) =>
        throw new ArgumentOutOfRangeException(nameof(consumed),
            $"AdvanceTo({consumed}, {examined}) must satisfy head ≤ consumed ≤ examined ≤ tail in ring order (head {head}, tail {tail}).");
}
