using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Netmap.Interop.UserSpace.Linux;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// REGISTER on interfaces where the user-space netmap used to differ from netmap's emulated adapter (notes.md §2,
/// §6, §7, §8): ring sizes, pipe slots, host ring counts, the MTU check, nr_mem_id and the option order. A veth has
/// no ethtool ring size, so ring sizes are injected with <see cref="InterfaceInfo.RingParamForTests"/>.
/// </summary>
public sealed unsafe class InterfaceRegistrationDifferenceTests
{
    // ---- 1. ring sizes: taken from ethtool unbounded, ENOMEM when a bound ring does not fit its ring object ------

    [Fact]
    public void Ring_sizes_above_the_global_ring_objects_make_register_enomem_but_are_reported_as_they_are()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            InterfaceInfo.RingParamForTests.Value = new InterfaceInfo.RingParam(1024, 4096, 4096, 4096);
            Assert.Equal(Errno.ENOMEM, UsPort.TryOpen(rv.Backend, VethLab.A, null, out _));

            // Only bound rings are made: without the TX ring nothing is too long.
            using (UsPort rxOnly = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Flags = (ulong)NetmapRegFlags.RxRingsOnly))
            {
                Assert.Equal((4096u, 1024u), (rxOnly.Reply.TxSlots, rxOnly.Reply.RxSlots));
            }

            NmReqPortInfoGet info = PortInfo(rv, VethLab.A);
            Assert.Equal((4096u, 1024u), (info.TxSlots, info.RxSlots));
        });
    }

    [Fact]
    public void The_largest_ring_that_fits_is_used_at_its_full_size()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            InterfaceInfo.RingParamForTests.Value = new InterfaceInfo.RingParam(2288, 4096, 2288, 4096);
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            Assert.Equal((2288u, 2288u), (p.Reply.TxSlots, p.Reply.RxSlots));
            Assert.Equal((2288u, 2288u), (p.Tx().NumSlots, p.Rx().NumSlots));
        });
    }

    [Theory]
    [InlineData(16384u, 16384u, 16384u)] // above 8192: used as it is
    [InlineData(0u, 9000u, 9000u)] // no current size: the maximum
    [InlineData(2u, 4096u, 1024u)] // below 3: generic_ringsize
    [InlineData(0u, 0u, 1024u)]
    public void Ethtool_ring_sizes_follow_nm_os_generic_find_num_desc(uint pending, uint max, uint expected)
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        NmReqPortInfoGet info = Namespaces.Run(lab.NsA, () =>
        {
            InterfaceInfo.RingParamForTests.Value = new InterfaceInfo.RingParam(pending, max, pending, max);
            return PortInfo(rv, VethLab.A);
        });
        Assert.Equal((expected, expected), (info.TxSlots, info.RxSlots));
    }

    // ---- 2. a pipe on an interface name: slots default to the interface's --------------------------------------

    [Fact]
    public void A_pipe_on_an_interface_defaults_to_the_interface_s_slots_and_lives_in_its_region()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            InterfaceInfo.RingParamForTests.Value = new InterfaceInfo.RingParam(256, 4096, 512, 4096);
            using UsPort m = UsPort.Open(rv.Backend, VethLab.A + "{1");
            Assert.Equal((512u, 256u), (m.Reply.TxSlots, m.Reply.RxSlots));
            Assert.Equal(1, m.Reply.MemId);
            using UsPort s = UsPort.Open(rv.Backend, VethLab.A + "}1");
            Assert.Equal((256u, 512u), (s.Reply.TxSlots, s.Reply.RxSlots));

            // A count the request gives still wins.
            using UsPort m2 = UsPort.Open(rv.Backend, VethLab.A + "{2", (ref NmReqRegister r) => r.TxSlots = 64);
            Assert.Equal((64u, 256u), (m2.Reply.TxSlots, m2.Reply.RxSlots));
        });
    }

    // ---- 3. host TX and RX ring counts are separate -------------------------------------------------------------

    [Fact]
    public void Host_tx_and_rx_ring_counts_are_taken_separately_when_the_adapter_is_not_open()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) =>
            {
                r.Mode = (uint)NetmapRegMode.NicSw;
                r.HostTxRings = 2;
                r.HostRxRings = 1;
            });
            Assert.Equal((2, 1), (p.Reply.HostTxRings, p.Reply.HostRxRings));
            NetmapIf nifp = p.Nifp;
            Assert.Equal((2u, 1u), (nifp.HostTxRings, nifp.HostRxRings));

            // NIC TX 0, host TX 1-2, NIC RX 3, host RX 4: all bound.
            ReadOnlySpan<long> ofs = nifp.RingOffsets;
            Assert.Equal(5, ofs.Length);
            Assert.All(ofs.ToArray(), o => Assert.NotEqual(0, o));
            Assert.Equal(2, (int)nifp.TxRing(2).RingId);
            Assert.Equal(1, (int)nifp.RxRing(1).RingId);

            // The adapter is open: the next request's counts are ignored.
            using UsPort q = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) =>
            {
                r.Mode = (uint)NetmapRegMode.OneSw;
                r.RingId = 1;
                r.HostTxRings = 5;
                r.HostRxRings = 5;
            });
            Assert.Equal((2, 1), (q.Reply.HostTxRings, q.Reply.HostRxRings));

            // ONE_SW 1: host TX ring 1, and host RX ring 0 as the RX direction has only one.
            ReadOnlySpan<long> qofs = q.Nifp.RingOffsets;
            Assert.Equal(new long[] { 0, 0, 1, 0, 1 }, Array.ConvertAll(qofs.ToArray(), o => o == 0 ? 0L : 1L));

            NmReqPortInfoGet info = PortInfo(rv, VethLab.A);
            Assert.Equal((2, 1), (info.HostTxRings, info.HostRxRings));
        });
    }

    [Fact]
    public void More_host_rx_than_host_tx_rings_are_reported_and_each_host_rx_ring_gets_its_tap()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.HostRxRings = 3);
            Assert.Equal((1, 3), (p.Reply.HostTxRings, p.Reply.HostRxRings));
            Assert.Equal((1u, 3u), (p.Nifp.HostTxRings, p.Nifp.HostRxRings));
            Assert.Equal(6, p.Nifp.RingOffsets.Length);

            // Each host RX ring is read through a capture TAP of its own.
            using UsPort host = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            string links = lab.InA("ip -o link show");
            uint index = Netmap.Interop.UserSpace.Linux.InterfaceInfo.Index(VethLab.A);
            foreach (int h in new[] { 0, 1, 2 })
            {
                Assert.Contains($"nmus-{index}.{h}", links, StringComparison.Ordinal);
            }

            using UsPort first = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneSw; r.RingId = 0; });
            Assert.Equal(new long[] { 0, 1, 0, 1, 0, 0 }, Array.ConvertAll(first.Nifp.RingOffsets.ToArray(), o => o == 0 ? 0L : 1L));
        });
    }

    // ---- 4. the MTU is checked only by the bind that puts the adapter in netmap mode ---------------------------

    [Fact]
    public void The_mtu_is_checked_only_at_the_first_bind_and_host_rx_rings_count_as_rx()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using (UsPort first = UsPort.Open(rv.Backend, VethLab.A))
            {
                lab.InA("ip link set dev a0 mtu 3000");
                using UsPort second = UsPort.Open(rv.Backend, VethLab.A);
                Assert.Equal(1u, second.Reply.RxRings);
            }

            // First bind again, now at MTU 3000: host RX rings alone are RX rings too.
            Assert.Equal(Errno.EINVAL, UsPort.TryOpen(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw, out _));

            // Without any RX ring the MTU does not matter.
            using UsPort txOnly = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Flags = (ulong)NetmapRegFlags.TxRingsOnly);
            Assert.Equal(0, txOnly.Nifp.RingOffsets[1]);
        });
    }

    // ---- 5. nr_mem_id naming another existing region ------------------------------------------------------------

    [Fact]
    public void An_interface_not_yet_open_takes_the_region_nr_mem_id_names_and_keeps_it_while_open()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort pipe = UsPort.Open(rv.Backend, RendezvousDirectory.UniqueParent() + "{1");
            ushort mem = pipe.Reply.MemId;
            Assert.NotEqual(1, mem);

            using (UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.MemId = mem))
            {
                Assert.Equal(mem, p.Reply.MemId);
                Assert.Equal(pipe.Reply.MemSize, p.Reply.MemSize);
                Assert.NotEqual((NetmapIfFlags)0, p.Nifp.Flags & NetmapIfFlags.PrivateMemory);

                // In use: other requests get the same adapter in the same region, whatever they name.
                using (UsPort q = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.MemId = 1; r.Mode = (uint)NetmapRegMode.Sw; }))
                {
                    Assert.Equal(mem, q.Reply.MemId);
                }

                Assert.Equal(mem, PortInfo(rv, VethLab.A).MemId);

                // The rings in that region carry traffic.
                Namespaces.Run(lab.NsB, () =>
                {
                    using var udp = new UdpClient();
                    udp.Send(Frames.Payload(7, 32), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), 4455));
                });
                NetmapRing rx = p.Rx();
                var sw = Stopwatch.StartNew();
                bool seen = false;
                while (!seen && sw.ElapsedMilliseconds < 5000)
                {
                    p.Poll(PollEvents.In, 200);
                    for (; rx.Head != rx.Tail; rx.Head = rx.Cur = rx.Next(rx.Head))
                    {
                        seen |= Frames.UdpPayload(rx.SlotData(rx.Head), 4455).SequenceEqual(Frames.Payload(7, 32));
                    }
                }

                Assert.True(seen, "datagram received through a ring of the pipe's region");
            }

            // Closed: the adapter is back in the global region.
            using UsPort again = UsPort.Open(rv.Backend, VethLab.A);
            Assert.Equal(1, again.Reply.MemId);
        });
    }

    [Fact]
    public void A_memory_id_that_does_not_exist_is_einval()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        int error = Namespaces.Run(lab.NsA, () => UsPort.TryOpen(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.MemId = 77, out _));
        Assert.Equal(Errno.EINVAL, error);
    }

    // ---- 6. type-0 and duplicate options fail before the request is looked at --------------------------------

    [Fact]
    public void A_type_zero_option_is_einval_before_the_interface_is_looked_up()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        var opt = new NmReqOption { ReqType = 0 };
        NmReqOption* po = &opt;
        int error = Namespaces.Run(lab.NsA, () => RegisterWithOptions(rv, "nosuch0", po));
        Assert.Equal(Errno.EINVAL, error);
        Assert.Equal((uint)Errno.EINVAL, opt.Status);
    }

    [Fact]
    public void A_duplicate_option_is_einval_even_on_a_handle_already_bound()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        var second = new NmReqOptOffsets { Option = new NmReqOption { ReqType = (uint)NetmapReqOptionType.Offsets } };
        var first = new NmReqOptOffsets { Option = new NmReqOption { ReqType = (uint)NetmapReqOptionType.Offsets, Next = (ulong)&second } };
        NmReqOptOffsets* pf = &first;
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            Assert.Equal(Errno.EINVAL, RegisterWithOptions(rv, p.Handle, VethLab.A, &pf->Option));

            // Without the duplicate the bound handle is EBUSY, as before.
            pf->Option.Next = 0;
            Assert.Equal(Errno.EBUSY, RegisterWithOptions(rv, p.Handle, VethLab.A, &pf->Option));
        });
        Assert.Equal((uint)Errno.EINVAL, second.Option.Status);
    }

    private static int RegisterWithOptions(RendezvousDirectory rv, string name, NmReqOption* options)
    {
        Assert.Equal(0, rv.Backend.Open(out NetmapHandle? h));
        using (h)
        {
            return RegisterWithOptions(rv, h!, name, options);
        }
    }

    private static int RegisterWithOptions(RendezvousDirectory rv, NetmapHandle h, string name, NmReqOption* options)
    {
        var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
        var hdr = new NmReqHeader { Version = NetmapApi.Version, ReqType = (ushort)NetmapReqType.Register, Body = (ulong)&req, Options = (ulong)options };
        hdr.SetName(name);
        return rv.Backend.Ioctl(h, NetmapIoctl.NIOCCTRL, &hdr);
    }

    private static NmReqPortInfoGet PortInfo(RendezvousDirectory rv, string name)
    {
        Assert.Equal(0, rv.Backend.Open(out NetmapHandle? h));
        using (h)
        {
            var info = new NmReqPortInfoGet();
            var hdr = new NmReqHeader { Version = NetmapApi.Version, ReqType = (ushort)NetmapReqType.PortInfoGet, Body = (ulong)&info };
            hdr.SetName(name);
            Assert.Equal(0, rv.Backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            return info;
        }
    }
}
