using System;
using System.Linq;
using Netmap.Interop;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class RingIteratorTests
{
    private static byte[] Frame(int length, byte seed) =>
        Enumerable.Range(0, length).Select(i => (byte)(seed + i)).ToArray();

    [Fact]
    public void Transmitted_frames_arrive_in_order_with_their_bytes()
    {
        using var pipe = new PipePair();
        TxRing tx = pipe.Master.TxRing(0);
        for (byte k = 0; k < 10; k++)
        {
            Assert.True(tx.TryTransmit(Frame(60 + k, k)));
        }

        pipe.Master.TxSync();
        pipe.Slave.RxSync();
        RxRing rx = pipe.Slave.RxRing(0);
        Assert.Equal(10u, rx.Available);
        byte expected = 0;
        RxBatch batch = rx.Read();
        foreach (Packet p in batch)
        {
            Assert.Equal(Frame(60 + expected, expected), p.Data.ToArray());
            Assert.Equal(1, p.SlotCount);
            expected++;
        }

        Assert.Equal(10, expected);
    }

    [Fact]
    public void A_batch_stops_at_its_limit_and_advance_to_moves_head_and_cur_once()
    {
        using var pipe = new PipePair();
        TxRing tx = pipe.Master.TxRing(0);
        for (byte k = 0; k < 8; k++)
        {
            Assert.True(tx.TryTransmit(Frame(64, k)));
        }

        pipe.Master.TxSync();
        pipe.Slave.RxSync();
        RxRing rx = pipe.Slave.RxRing(0);
        uint head = rx.Head;
        RxBatch batch = rx.Read(maxPackets: 3);
        int seen = 0;
        while (batch.MoveNext())
        {
            seen++;
        }

        Assert.Equal(3, seen);
        Assert.Equal(head, rx.Head); // nothing released until AdvanceTo
        rx.AdvanceTo(batch.Position);
        Assert.Equal(RingMath.Advance(head, 3, rx.NumSlots), rx.Head);
        Assert.Equal(rx.Head, rx.Cur);
        Assert.Equal(5u, rx.Available);

        // examined beyond consumed: cur is the wake-up point, head what was released.
        RxBatch rest = rx.Read();
        Assert.True(rest.MoveNext());
        uint consumed = rest.Position;
        while (rest.MoveNext())
        {
        }

        rx.AdvanceTo(consumed, rest.Position);
        Assert.Equal(consumed, rx.Head);
        Assert.Equal(rest.Position, rx.Cur);
    }

    [Fact]
    public void Foreach_moves_the_batch_position_so_advance_to_releases_what_was_read()
    {
        using var pipe = new PipePair();
        for (byte k = 0; k < 4; k++)
        {
            Assert.True(pipe.Master.TxRing(0).TryTransmit(Frame(60, k)));
        }

        pipe.Master.TxSync();
        pipe.Slave.RxSync();
        RxRing rx = pipe.Slave.RxRing(0);
        RxBatch batch = rx.Read(maxPackets: 3);
        int seen = 0;
        foreach (Packet p in batch)
        {
            seen++;
        }

        Assert.Equal(3, seen);
        Assert.Equal(RingMath.Advance(batch.Start, 3, rx.NumSlots), batch.Position);
        rx.AdvanceTo(batch.Position);
        pipe.Slave.RxSync();
        Assert.Equal(1u, rx.Available);
    }

    [Fact]
    public void Advance_to_outside_head_tail_is_refused_and_changes_nothing()
    {
        using var pipe = new PipePair();
        Assert.True(pipe.Master.TxRing(0).TryTransmit(Frame(60, 1)));
        pipe.Master.TxSync();
        pipe.Slave.RxSync();
        RxRing rx = pipe.Slave.RxRing(0);
        uint head = rx.Head, tail = rx.Tail;
        Assert.Throws<ArgumentOutOfRangeException>(() => rx.AdvanceTo(RingMath.Next(tail, rx.NumSlots)));
        Assert.Throws<ArgumentOutOfRangeException>(() => rx.AdvanceTo(tail, head));
        Assert.Equal(head, rx.Head);
    }

    [Fact]
    public void A_frame_larger_than_a_buffer_travels_as_one_multi_slot_packet_through_a_pipe()
    {
        using var pipe = new PipePair();
        byte[] big = Frame(5000, 7);
        Assert.True(pipe.Master.TxRing(0).TryTransmit(big));
        pipe.Master.TxSync();
        pipe.Slave.RxSync();
        RxBatch batch = pipe.Slave.RxRing(0).Read();
        Assert.True(batch.MoveNext());
        Packet p = batch.Current;
        Assert.Equal(3, p.SlotCount);
        Assert.Equal(5000, p.Length);
        var copy = new byte[5000];
        Assert.Equal(5000, p.CopyTo(copy));
        Assert.Equal(big, copy);
        Assert.True(p.Flags.HasFlag(NetmapSlotFlags.MoreFragments));
        Assert.False(batch.MoveNext());
    }

    [Fact]
    public void A_tx_ring_takes_at_most_n_minus_one_frames()
    {
        using var pipe = new PipePair(conf: "@conf:slots=8");
        TxRing tx = pipe.Master.TxRing(0);
        Assert.Equal(8u, tx.NumSlots);
        Assert.Equal(7u, tx.Space);
        for (int k = 0; k < 7; k++)
        {
            Assert.True(tx.TryTransmit(Frame(60, 0)));
        }

        Assert.False(tx.TryTransmit(Frame(60, 0)));
        Assert.Equal(0u, tx.Space);
    }

    [Fact]
    public void A_fragmented_frame_is_refused_whole_when_it_does_not_fit()
    {
        using var pipe = new PipePair(conf: "@conf:slots=4");
        TxRing tx = pipe.Master.TxRing(0);
        uint head = tx.Head;
        Assert.False(tx.TryTransmit(Frame(8000, 0))); // 4 slots needed, 3 usable
        Assert.Equal(head, tx.Head);
    }
}
