using System;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>The part-1 conformance rules that apply to interface ports: layout, PORT_INFO_GET, prologue refusals.</summary>
public sealed unsafe class InterfaceConformanceTests
{
    [Fact]
    public void Interface_rings_have_netmap_s_emulated_adapter_layout()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            Assert.Equal((2, 2, 1, 1), (p.Reply.TxRings, p.Reply.RxRings, p.Reply.HostTxRings, p.Reply.HostRxRings));
            Assert.Equal((1024u, 1024u), (p.Reply.TxSlots, p.Reply.RxSlots));
            Assert.Equal(1, p.Reply.MemId);
            Assert.Equal("a0", p.Nifp.Name);
            for (uint i = 0; i < 3; i++)
            {
                NetmapRing tx = p.Tx(i);
                NetmapRing rx = p.Rx(i);
                Assert.Equal((i, i), ((uint)tx.RingId, (uint)rx.RingId));
                Assert.Equal(2048u, tx.BufferSize);
                Assert.Equal(1023u, tx.Tail);
                Assert.Equal(0u, rx.Tail);
                Assert.True(tx.IsTx);
                Assert.False(rx.IsTx);
            }
        });
    }

    [Fact]
    public void Port_info_reports_queues_and_host_rings_and_installs_nothing()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        string before = HostRingTests.Snapshot(lab);
        NmReqPortInfoGet info = Namespaces.Run(lab.NsA, () =>
        {
            Assert.Equal(0, rv.Backend.Open(out NetmapHandle? h));
            using (h)
            {
                var i = new NmReqPortInfoGet();
                var hdr = new NmReqHeader { Version = NetmapApi.Version, ReqType = (ushort)NetmapReqType.PortInfoGet, Body = (ulong)&i };
                hdr.SetName(VethLab.A);
                Assert.Equal(0, rv.Backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
                return i;
            }
        });
        Assert.Equal((2, 2, 1, 1), (info.TxRings, info.RxRings, info.HostTxRings, info.HostRxRings));
        Assert.Equal(1, info.MemId);
        HostRingTests.AssertRestored(lab, before);
    }

    [Fact]
    public void A_bad_head_is_refused_reinitialised_and_reported_by_poll_on_nic_and_host_rings()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            foreach (uint ring in new uint[] { 0, p.Reply.TxRings })
            {
                NetmapRing tx = p.Tx(ring);
                tx.Head = tx.Cur = 5000;
                Assert.Equal(0, p.TxSync());
                Assert.Equal((0u, 0u, 1023u), (tx.Head, tx.Cur, tx.Tail));
                tx.Head = tx.Cur = 5000;
                Assert.True((p.Poll(PollEvents.Out) & PollEvents.Err) != 0);
                Assert.Equal(0u, tx.Head);
            }

            NetmapRing rx = p.Rx();
            rx.Head = rx.Cur = 5000;
            Assert.Equal(0, p.RxSync());
            Assert.Equal((0u, 0u), (rx.Head, rx.Cur));
        });
    }
}
