using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Netmap.Sdk;

/// <summary>
/// A single-producer, single-consumer queue of packet copies, for forwarding into a TX ring another worker owns:
/// the producer copies the packet in, the owner copies it into its ring, and no ring is ever touched by two
/// threads. Preallocated, lock-free (a head and a tail index, each written by one side only), allocation-free.
/// </summary>
public sealed unsafe class HandoffQueue : IDisposable
{
    private readonly int _capacity;
    private readonly int _stride;
    private readonly byte* _entries;
    private readonly int* _lengths;
    private PaddedIndex _head; // next entry to read, written by the consumer
    private PaddedIndex _tail; // next entry to write, written by the producer
    private bool _disposed;
    private volatile bool _completed;

    /// <summary>Creates a queue of <paramref name="capacity"/> packets of at most <paramref name="maxPacket"/> bytes.</summary>
    public HandoffQueue(int capacity = 1024, int maxPacket = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacket, 60);
        _capacity = capacity;
        _stride = maxPacket;
        _entries = (byte*)NativeMemory.AlignedAlloc((nuint)((long)capacity * maxPacket), 64);
        _lengths = (int*)NativeMemory.AllocZeroed((nuint)capacity, sizeof(int));
    }

    /// <summary>Largest packet the queue carries.</summary>
    public int MaxPacket => _stride;

    /// <summary>Packets waiting (a snapshot; exact only on the consumer's thread).</summary>
    public int Count => (int)(Volatile.Read(ref _tail.Value) - Volatile.Read(ref _head.Value));

    /// <summary>True once the producer has said it will enqueue nothing more (see <see cref="Complete"/>).</summary>
    public bool IsCompleted => _completed;

    /// <summary>
    /// Producer: nothing more will be enqueued (its worker has drained and stopped). The owner's graceful stop waits
    /// for this before it stops draining the queue, so a packet counted as forwarded is never left behind in it.
    /// </summary>
    public void Complete() => _completed = true;

    /// <summary>Producer: copies a packet in; false if the queue is full (the packet stays where it was).</summary>
    public bool TryEnqueue(in Packet packet)
    {
        long tail = _tail.Value;
        if (tail - Volatile.Read(ref _head.Value) >= _capacity || packet.Length > _stride)
        {
            return false;
        }

        int index = (int)(tail % _capacity);
        packet.CopyTo(new Span<byte>(_entries + ((long)index * _stride), _stride));
        _lengths[index] = packet.Length;
        Volatile.Write(ref _tail.Value, tail + 1); // publishes the bytes written above
        return true;
    }

    /// <summary>
    /// Consumer: moves queued packets into <paramref name="ring"/> while it has room; returns how many were sent.
    /// A packet the ring can never take is taken out and counted in <paramref name="unsendable"/> instead of
    /// blocking the queue behind it.
    /// </summary>
    public int DrainInto(TxRing ring, out int unsendable)
    {
        long head = _head.Value;
        long tail = Volatile.Read(ref _tail.Value);
        int moved = 0;
        unsendable = 0;
        while (head < tail)
        {
            int index = (int)(head % _capacity);
            var bytes = new ReadOnlySpan<byte>(_entries + ((long)index * _stride), _lengths[index]);
            ForwardResult result = ring.Transmit(bytes);
            if (result == ForwardResult.NoSpace)
            {
                break;
            }

            head++;
            moved += result == ForwardResult.Copied ? 1 : 0;
            unsendable += result == ForwardResult.Unsendable ? 1 : 0;
        }

        Volatile.Write(ref _head.Value, head);
        return moved;
    }

    /// <summary>Consumer: empties the queue without sending (a stop that could wait no longer); returns how many.</summary>
    public int Discard()
    {
        long tail = Volatile.Read(ref _tail.Value);
        int discarded = (int)(tail - _head.Value);
        Volatile.Write(ref _head.Value, tail);
        return discarded;
    }

    /// <summary>Frees the queue's memory (after both workers have stopped).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.AlignedFree(_entries);
            NativeMemory.Free(_lengths);
        }
    }

    // Keeps the two indexes on separate cache lines so producer and consumer do not false-share.
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedIndex
    {
        [FieldOffset(64)]
        public long Value;
    }
}
