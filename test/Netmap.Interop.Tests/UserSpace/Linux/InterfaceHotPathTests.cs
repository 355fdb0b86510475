using System;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>txsync, rxsync and poll on an interface port (AF_XDP + TAP behind them) allocate nothing.</summary>
public sealed class InterfaceHotPathTests
{
    [Fact]
    public void Interface_sync_and_poll_allocate_nothing()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        long allocated = Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            byte[] toWire = Frames.Udp(lab.MacA, lab.MacB, VethLab.AddrA, VethLab.AddrB, 9, Frames.Payload(1, 60));
            byte[] toStack = Frames.Udp(lab.MacB, lab.MacA, VethLab.AddrB, VethLab.AddrA, 9, Frames.Payload(2, 60));
            Loop(p, toWire, toStack, 200);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Loop(p, toWire, toStack, 2000);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.Equal(0, allocated);
    }

    private static void Loop(UsPort p, byte[] toWire, byte[] toStack, int count)
    {
        uint nic = p.Reply.TxRings;
        Span<NetmapPollFd> fds = [new NetmapPollFd(p.Handle, PollEvents.In)];
        for (int i = 0; i < count; i++)
        {
            Put(p.Tx(0), toWire);
            Put(p.Tx(nic), toStack);
            p.TxSync();
            p.Backend.Poll(fds, i % 100 == 0 ? 1 : 0, out _);
            p.RxSync();
            Drain(p.Rx(0));
            Drain(p.Rx(p.Reply.RxRings));
        }
    }

    private static void Put(NetmapRing tx, byte[] frame)
    {
        if (tx.Head == tx.Tail)
        {
            return;
        }

        ref NetmapSlot s = ref tx.Slot(tx.Head);
        frame.CopyTo(tx.Buffer(s.BufIdx));
        s.Len = (ushort)frame.Length;
        tx.Head = tx.Cur = tx.Next(tx.Head);
    }

    private static void Drain(NetmapRing rx) => rx.Head = rx.Cur = rx.Tail;
}
