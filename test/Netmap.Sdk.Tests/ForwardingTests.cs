using System;
using System.Linq;
using Netmap.Interop;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed unsafe class ForwardingTests
{
    private static byte[] Frame(int length, byte seed) =>
        Enumerable.Range(0, length).Select(i => (byte)(seed ^ i)).ToArray();

    [Fact]
    public void Ports_on_one_region_share_one_mapping()
    {
        string parent = PipePair.UniqueParent();
        using var a = new PipePair(parent, "1");
        using var b = new PipePair(parent, "2");
        Assert.Equal(a.Master.MemId, b.Master.MemId);
        Assert.True(a.Master.Descriptor.RegionBase == b.Slave.Descriptor.RegionBase);
    }

    [Fact]
    public void Forwarding_within_a_region_moves_the_buffer_index_and_copies_no_byte()
    {
        string parent = PipePair.UniqueParent();
        using var ingress = new PipePair(parent, "1");
        using var egress = new PipePair(parent, "2");
        byte[] frame = Frame(300, 0x5a);
        Assert.True(ingress.Master.TxRing(0).TryTransmit(frame));
        ingress.Master.TxSync();
        ingress.Slave.RxSync();

        RxRing rx = ingress.Slave.RxRing(0);
        TxRing tx = egress.Master.TxRing(0);
        RxBatch batch = rx.Read();
        Assert.True(batch.MoveNext());
        Packet p = batch.Current;
        uint rxBuffer = p.SlotAt(0).BufIdx;
        byte* before = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref p.Data[0]);
        uint txSlot = tx.Head;
        uint txBuffer = tx.SlotRef(txSlot).BufIdx;

        Assert.Equal(ForwardResult.Swapped, tx.TryForward(p, rx.MemId));

        // The TX slot now owns the very buffer the frame arrived in; the RX slot got the TX slot's old buffer.
        Assert.Equal(rxBuffer, tx.SlotRef(txSlot).BufIdx);
        Assert.Equal(txBuffer, p.SlotAt(0).BufIdx);
        Assert.True(tx.SlotRef(txSlot).SlotFlags.HasFlag(NetmapSlotFlags.BufChanged));
        Assert.True(p.SlotAt(0).SlotFlags.HasFlag(NetmapSlotFlags.BufChanged));
        Assert.True(before == (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref tx.BufferOf(rxBuffer)[0]));
        rx.AdvanceTo(batch.Position);
        ingress.Slave.RxSync();

        egress.Master.TxSync();
        egress.Slave.RxSync();
        RxBatch arrived = egress.Slave.RxRing(0).Read();
        Assert.True(arrived.MoveNext());
        Assert.Equal(rxBuffer, arrived.Current.SlotAt(0).BufIdx);
        Assert.Equal(frame, arrived.Current.Data.ToArray());
    }

    [Fact]
    public void Forwarding_between_regions_copies_and_says_so()
    {
        using var ingress = new PipePair();
        using var egress = new PipePair();
        Assert.NotEqual(ingress.Master.MemId, egress.Master.MemId);
        byte[] frame = Frame(5000, 0x21);
        Assert.True(ingress.Master.TxRing(0).TryTransmit(frame));
        ingress.Master.TxSync();
        ingress.Slave.RxSync();
        RxRing rx = ingress.Slave.RxRing(0);
        RxBatch batch = rx.Read();
        Assert.True(batch.MoveNext());
        uint rxBuffer = batch.Current.SlotAt(0).BufIdx;

        Assert.Equal(ForwardResult.Copied, egress.Master.TxRing(0).TryForward(batch.Current, rx.MemId));
        Assert.Equal(rxBuffer, batch.Current.SlotAt(0).BufIdx);
        rx.AdvanceTo(batch.Position);

        egress.Master.TxSync();
        egress.Slave.RxSync();
        RxBatch arrived = egress.Slave.RxRing(0).Read();
        Assert.True(arrived.MoveNext());
        var copy = new byte[frame.Length];
        arrived.Current.CopyTo(copy);
        Assert.Equal(frame, copy);
        Assert.Equal(3, arrived.Current.SlotCount);
    }

    [Fact]
    public void A_full_destination_leaves_the_packet_in_place()
    {
        string parent = PipePair.UniqueParent();
        using var ingress = new PipePair(parent, "1");
        using var egress = new PipePair(parent, "2", "@conf:slots=2");
        TxRing tx = egress.Master.TxRing(0);
        Assert.True(tx.TryTransmit(Frame(60, 0)));
        Assert.Equal(0u, tx.Space);

        Assert.True(ingress.Master.TxRing(0).TryTransmit(Frame(60, 1)));
        ingress.Master.TxSync();
        ingress.Slave.RxSync();
        RxBatch batch = ingress.Slave.RxRing(0).Read();
        Assert.True(batch.MoveNext());
        uint buffer = batch.Current.SlotAt(0).BufIdx;
        Assert.Equal(ForwardResult.NoSpace, tx.TryForward(batch.Current, ingress.Slave.MemId));
        Assert.Equal(buffer, batch.Current.SlotAt(0).BufIdx);
        Assert.False(batch.Current.SlotAt(0).SlotFlags.HasFlag(NetmapSlotFlags.BufChanged));
    }
}
