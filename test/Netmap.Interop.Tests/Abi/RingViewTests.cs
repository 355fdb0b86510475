using System;
using System.Runtime.InteropServices;
using Xunit;

namespace Netmap.Interop.Tests.Abi;

/// <summary>The ref struct views read a region laid out as netmap lays it out (built here by hand).</summary>
public sealed unsafe class RingViewTests
{
    [Fact]
    public void Ring_view_reads_header_slots_and_buffers_by_index()
    {
        const int slots = 4, bufSize = 2048;
        byte* region = (byte*)NativeMemory.AllocZeroed(256 + (16 * slots) + (bufSize * 8));
        try
        {
            var header = (NetmapRingHeader*)region;
            header->NumSlots = slots;
            header->NrBufSize = bufSize;
            header->BufOfs = 256 + (16 * slots);
            header->Dir = 1;
            header->Tail = 3;
            var ring = new NetmapRing(region);
            ring.Slot(2).BufIdx = 5;
            ring.Slot(2).Len = 3;
            ring.Buffer(5)[..3].Fill(0xab);

            Assert.True(ring.IsTx);
            Assert.Equal(3u, ring.Space);
            Assert.Equal(4, ring.Slots.Length);
            Assert.Equal(5u, ((NetmapSlot*)(region + 256))[2].BufIdx);
            Assert.Equal(new byte[] { 0xab, 0xab, 0xab }, ring.SlotData(2).ToArray());
            Assert.Equal(0xab, region[256 + (16 * slots) + (5 * bufSize)]);
            Assert.Equal(0u, ring.Next(3));
            try
            {
                ring.Slot(4);
                Assert.Fail("slot 4 of 4 must be refused");
            }
            catch (ArgumentOutOfRangeException)
            {
            }
        }
        finally
        {
            NativeMemory.Free(region);
        }
    }

    private delegate NetmapRing RingOf(NetmapIf view);

    private static Exception? Catch(byte* nifp, RingOf get)
    {
        try
        {
            get(new NetmapIf(nifp));
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public void If_view_finds_rings_by_offset_and_reports_unbound_ones()
    {
        byte* region = (byte*)NativeMemory.AllocZeroed(4096);
        try
        {
            var nifp = (NetmapIfHeader*)region;
            nifp->TxRings = 2;
            nifp->RxRings = 2;
            nifp->HostTxRings = 1;
            nifp->HostRxRings = 1;
            long* ofs = (long*)(region + 56);
            ofs[1] = 1024;      // NIC TX 1
            ofs[2] = 0;         // host TX: not bound
            ofs[3 + 1] = 2048;  // NIC RX 1
            ((NetmapRingHeader*)(region + 1024))->Dir = 1;
            var view = new NetmapIf(region);

            Assert.Equal(6, view.RingOffsetCount);
            Assert.True(view.HasTxRing(1));
            Assert.False(view.HasTxRing(0));
            Assert.False(view.HasTxRing(2));
            Assert.True(view.HasRxRing(1));
            Assert.True(view.TxRing(1).IsTx);
            Assert.False(view.RxRing(1).IsTx);
            Assert.IsType<InvalidOperationException>(Catch(region, static v => v.TxRing(0)));
            Assert.IsType<ArgumentOutOfRangeException>(Catch(region, static v => v.RxRing(3)));
        }
        finally
        {
            NativeMemory.Free(region);
        }
    }
}
