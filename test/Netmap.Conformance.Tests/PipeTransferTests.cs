using System;
using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>Pipes move descriptors, not bytes (notes.md §7, §12).</summary>
public sealed class PipeTransferTests
{
    [Fact]
    public void Bytes_and_lengths_arrive_in_order_in_the_same_buffers()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 16; q.RxSlots = 16; });
        using TestPort s = TestPort.Open(parent + "}1");
        uint sentIdx = m.Tx().Slot(0).BufIdx;
        m.Put("hello"u8);
        m.Put("netmap!"u8);
        Assert.Equal(0, m.TxSync());
        Assert.Equal(0, s.RxSync());
        Assert.Equal(sentIdx, s.Rx().Slot(0).BufIdx);
        Assert.Equal("hello"u8.ToArray(), s.Take());
        Assert.Equal("netmap!"u8.ToArray(), s.Take());
    }

    [Fact]
    public void Swapped_buffer_travels_with_ns_buf_changed_and_the_flag_comes_back_to_the_sender()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) =>
        {
            q.TxSlots = 8;
            q.RxSlots = 8;
            q.ExtraBufs = 1;
        });
        using TestPort s = TestPort.Open(parent + "}1");
        NetmapRing tx = m.Tx();
        uint extra = m.Nifp.BufsHead;
        Assert.NotEqual(0u, extra);
        ref NetmapSlot slot = ref tx.Slot(0);
        uint old = slot.BufIdx;
        slot.BufIdx = extra;
        "swap"u8.CopyTo(tx.Buffer(extra));
        slot.Len = 4;
        slot.Flags = (ushort)NetmapSlotFlags.BufChanged;
        NetmapIf mIf = m.Nifp;
        mIf.BufsHead = 0;
        tx.Head = tx.Cur = 1;
        Assert.Equal(0, m.TxSync());
        Assert.Equal(0, tx.Slot(0).Flags & (ushort)NetmapSlotFlags.BufChanged);

        Assert.Equal(0, s.RxSync());
        NetmapRing rx = s.Rx();
        Assert.Equal(extra, rx.Slot(0).BufIdx);
        Assert.Equal((ushort)NetmapSlotFlags.BufChanged, rx.Slot(0).Flags);
        Assert.Equal("swap"u8.ToArray(), s.Take());
        Assert.Equal(0, s.RxSync());
        Assert.Equal(0, rx.Slot(0).Flags & (ushort)NetmapSlotFlags.BufChanged);

        Assert.Equal(0, m.TxSync());
        Assert.Equal(extra, tx.Slot(0).BufIdx);
        Assert.Equal((ushort)NetmapSlotFlags.BufChanged, tx.Slot(0).Flags);

        // Give the old buffer back to the extra list so unbind frees it.
        BitConverter.TryWriteBytes(tx.Buffer(old)[..4], 0u);
        mIf.BufsHead = old;
    }

    [Fact]
    public void Receiver_swap_is_copied_back_to_the_sender_slot()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        using TestPort s = TestPort.Open(parent + "}1", (ref NmReqRegister q) => q.ExtraBufs = 1);
        m.Put([7]);
        Assert.Equal(0, m.TxSync());
        Assert.Equal(0, s.RxSync());
        NetmapRing rx = s.Rx();
        uint extra = s.Nifp.BufsHead;
        uint received = rx.Slot(0).BufIdx;
        rx.Slot(0).BufIdx = extra;
        rx.Slot(0).Flags = (ushort)NetmapSlotFlags.BufChanged;
        BitConverter.TryWriteBytes(rx.Buffer(received)[..4], 0u);
        NetmapIf sIf = s.Nifp;
        sIf.BufsHead = received;
        rx.Head = rx.Cur = 1;
        Assert.Equal(0, s.RxSync());
        Assert.Equal(0, m.TxSync());
        Assert.Equal(extra, m.Tx().Slot(0).BufIdx);
        Assert.Equal((ushort)NetmapSlotFlags.BufChanged, m.Tx().Slot(0).Flags);
    }

    [Fact]
    public void Only_complete_packets_are_published()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        using TestPort s = TestPort.Open(parent + "}1");
        m.Put([1]);
        m.Put([2], NetmapSlotFlags.MoreFragments);
        Assert.Equal(0, m.TxSync());
        Assert.Equal(0, s.RxSync());
        Assert.Equal(1u, s.Rx().Tail);
        m.Put([3]);
        Assert.Equal(0, m.TxSync());
        Assert.Equal(0, s.RxSync());
        Assert.Equal(3u, s.Rx().Tail);
        Assert.Equal((ushort)NetmapSlotFlags.MoreFragments, s.Rx().Slot(1).Flags);
    }

    [Fact]
    public void Closing_one_end_keeps_the_rings_for_a_reopen_of_that_end()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        TestPort s = TestPort.Open(parent + "}1");
        m.Put([1]);
        m.Put([2]);
        Assert.Equal(0, m.TxSync());
        Assert.Equal(0, s.RxSync());
        s.Take();
        s.Dispose();
        using TestPort again = TestPort.Open(parent + "}1");
        NetmapRing rx = again.Rx();
        Assert.Equal((1u, 1u, 2u), (rx.Head, rx.Cur, rx.Tail));
        Assert.Equal(new byte[] { 2 }, again.Take());
    }

    [Fact]
    public void Pipes_of_one_parent_share_a_region_so_a_received_buffer_can_be_forwarded_zero_copy()
    {
        string parent = TestPort.UniqueParent();
        using TestPort inMaster = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        using TestPort inSlave = TestPort.Open(parent + "}1");
        using TestPort outMaster = TestPort.Open(parent + "{2", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        using TestPort outSlave = TestPort.Open(parent + "}2");
        Assert.Equal(inMaster.Reply.MemId, outMaster.Reply.MemId);

        inMaster.Put("forward me"u8);
        Assert.Equal(0, inMaster.TxSync());
        Assert.Equal(0, inSlave.RxSync());
        NetmapRing rx = inSlave.Rx();
        NetmapRing tx = outMaster.Tx();
        ref NetmapSlot from = ref rx.Slot(rx.Head);
        ref NetmapSlot to = ref tx.Slot(tx.Head);
        (from.BufIdx, to.BufIdx) = (to.BufIdx, from.BufIdx);
        to.Len = from.Len;
        from.Flags = (ushort)NetmapSlotFlags.BufChanged;
        to.Flags = (ushort)NetmapSlotFlags.BufChanged;
        rx.Head = rx.Cur = rx.Next(rx.Head);
        tx.Head = tx.Cur = tx.Next(tx.Head);
        Assert.Equal(0, inSlave.RxSync());
        Assert.Equal(0, outMaster.TxSync());
        Assert.Equal(0, outSlave.RxSync());
        Assert.Equal("forward me"u8.ToArray(), outSlave.Take());
    }
}
