using Netmap.Interop.UserSpace.Linux;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>REGISTER on a Linux interface: the adapter (in region 1 unless nr_mem_id names another) and the kernel side this process installs.</summary>
internal static unsafe partial class Registrar
{
    private const uint MaxHostRings = 16;

    /// <summary>netmap_get_hw_na for a system interface: ENXIO (with the list) or EPERM (naming the capability).</summary>
    private static int ResolveInterface(UserSpaceNetmapBackend backend, string name, ref NmReqRegister req, out Region? region, out int port)
    {
        region = null;
        port = -1;
        if (InterfaceInfo.Index(name) == 0)
        {
            backend.Log($"no interface '{name}' in this network namespace; interfaces: {InterfaceInfo.ListNames()}");
            return Errno.ENXIO;
        }

        string missing = InterfaceInfo.MissingCapabilities();
        if (missing.Length > 0)
        {
            backend.Log($"interface '{name}' needs {missing} (AF_XDP socket, XDP program, TAP and tc rules)");
            return Errno.EPERM;
        }

        Rendezvous rv = backend.Rendezvous;
        ulong netns = InterfaceInfo.NetNs();
        if (FindOpenInterface(rv, name, netns, out region, out port))
        {
            // netmap_get_hw_na: an adapter in use keeps its allocator, whatever nr_mem_id asks for.
            return 0;
        }

        // netmap_get_hw_na: an adapter nobody uses takes the allocator nr_mem_id names (Resolve checked that it
        // exists); its last close gives it back the global one, as the port is made anew at the next open.
        int error = rv.GetRegion(req.MemId != 0 ? req.MemId : Rendezvous.GlobalMemId, out region);
        if (error != 0)
        {
            return error;
        }

        InterfaceInfo.Queues(name, out uint rxq, out uint txq);
        InterfaceInfo.RingSizes(name, out uint rxSlots, out uint txSlots);

        // netmap_get_na: a request for an adapter not yet open sets each direction's host ring count on its own.
        uint hostTx = req.HostTxRings is > 0 ? System.Math.Min(req.HostTxRings, MaxHostRings) : 1u;
        uint hostRx = req.HostRxRings is > 0 ? System.Math.Min(req.HostRxRings, MaxHostRings) : 1u;
        error = Ports.CreateInterface(region!, name, txq, rxq, hostTx, hostRx, txSlots, rxSlots, out port);
        if (error != 0)
        {
            rv.DeleteIfUnused(region!);
        }
        else
        {
            region!.Port(port).NetNs = netns;
        }

        return error;
    }

    /// <summary>The adapter of interface <paramref name="name"/> if some region holds it (it is in use).</summary>
    private static bool FindOpenInterface(Rendezvous rv, string name, ulong netns, out Region? region, out int port)
    {
        foreach (uint memId in rv.KnownRegions())
        {
            // A region the caller already holds must stay mapped; only those mapped just to look are dropped.
            bool wasMapped = rv.IsMapped(memId);
            if (rv.GetRegion(memId, out region) != 0)
            {
                continue;
            }

            port = FindInterface(region!, name, netns);
            if (port >= 0)
            {
                return true;
            }

            if (!wasMapped)
            {
                rv.ReleaseLocal(region!);
            }
        }

        region = null;
        port = -1;
        return false;
    }

    private static int FindInterface(Region r, string name, ulong netns)
    {
        for (int i = 0; i < r.Header.MaxPorts; i++)
        {
            PortState* p = r.PortPtr(i);
            if (p->Kind == PortKind.Interface && p->NetNs == netns && Rendezvous.NameEquals(p->Name, name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// netmap_do_regif's check before any ring is touched: only the bind that finds the adapter unused
    /// (active_fds == 0) and binds some RX ring, a host RX ring included (nm_priv_rx_enabled), needs the MTU to fit
    /// a buffer; later binds never look at it again.
    /// </summary>
    private static int CheckInterfaceBind(UserSpaceNetmapBackend backend, PortState* p, uint rx0, uint rx1)
    {
        string name = Rendezvous.ReadName(p->Name, 64);
        if (p->Users == 0 && rx1 > rx0 && InterfaceInfo.Mtu(name) is int mtu && mtu > RegionLayout.DefaultBufSize)
        {
            backend.Log($"interface '{name}' has MTU {mtu}, above the netmap buffer size {RegionLayout.DefaultBufSize}; lower it (ip link set dev {name} mtu 1500)");
            return Errno.EINVAL;
        }

        return 0;
    }

    /// <summary>
    /// Installs (or joins) this process's kernel side for a new binding of rings [tx0, tx1) and [rx0, rx1) (ring
    /// indexes, host rings after the NIC ones). A NIC queue or host RX ring another live process holds: EBUSY.
    /// </summary>
    private static int AttachInterface(UserSpaceNetmapBackend backend, Region region, int port, uint tx0, uint tx1, uint rx0, uint rx1, out InterfaceBinding? binding)
    {
        binding = null;
        PortState* p = region.PortPtr(port);
        string name = Rendezvous.ReadName(p->Name, 64);
        int rxBase = p->KringBase + (int)(p->TxRings + p->HostRings);
        QueueRanges queues = QueueRanges.Of(p->KringBase, p->TxRings, p->RxRings, p->HostRings,
            p->KringBase + (int)tx0, p->KringBase + (int)tx1, rxBase + (int)rx0, rxBase + (int)rx1);
        if (HeldElsewhere(region, port, queues) is string holder)
        {
            backend.Log($"interface '{name}': {holder}; the user-space netmap shares a NIC queue or host RX ring only among handles of one process (different rings work from different processes)");
            return Errno.EBUSY;
        }

        string offloads = Offloads.RecordPath(backend.Rendezvous.Directory, p->NetNs, name);
        if (p->Users == 0)
        {
            // Every earlier holder died before its last close put the offloads back.
            Offloads.RestoreRecorded(offloads, backend.Log);
        }

        LinuxInterface? li = LinuxInterface.Find(backend.Rendezvous.Directory, p->NetNs, name);
        if (li is null)
        {
            var ids = new LinuxInterface.SharedIds { XdpLinkId = p->XdpLinkId, XskMapId = p->XskMapId, TapMapId = p->TapMapId };
            int error = LinuxInterface.Create(backend.Rendezvous.Directory, p->NetNs, name, p->RxRings, p->TxRings, p->HostRxRings, ref ids, backend.Log, out li);
            if (error != 0)
            {
                return error;
            }

            p->XdpLinkId = ids.XdpLinkId;
            p->XskMapId = ids.XskMapId;
            p->TapMapId = ids.TapMapId;
            Offloads.Record(offloads, Offloads.Check(name, backend.FixOffloads, backend.Log));
        }

        int e = li!.Use(queues, backend.Log);
        if (e != 0)
        {
            li.DropIfUnused();
            return e;
        }

        if (queues.Tx1 > queues.Tx0 && p->HostRxRings > 0)
        {
            for (uint q = queues.Tx0; q < queues.Tx1; q++)
            {
                uint h = q % p->HostRxRings;
                if (!queues.HasHost(h) && !HostRxBound(region, port, h))
                {
                    backend.Log($"interface '{name}': this binding holds NIC TX ring {q} but nobody binds host RX ring {h}, so what the stack sends through queue {q} of {name} is lost to an unread host ring (bind {name}* or {name}^ to see it)");
                    break;
                }
            }
        }

        var fds = new System.Collections.Generic.List<int>();
        for (uint q = queues.Rx0; q < queues.Rx1; q++)
        {
            fds.Add(li.Xsks[q]!.Fd);
        }

        for (uint h = queues.Host0; h < queues.Host1; h++)
        {
            fds.Add(li.Captures[h]!.Fd);
        }

        binding = new InterfaceBinding(li, p->KringBase, p->TxRings, p->RxRings, p->HostRings, queues)
        {
            SleepFds = fds.ToArray(),
            HoldsHostTx = tx1 > p->TxRings,
        };
        return 0;
    }

    /// <summary>Who else holds a NIC queue or host RX ring of <paramref name="want"/> (dead owners are swept before REGISTER).</summary>
    private static string? HeldElsewhere(Region region, int port, in QueueRanges want)
    {
        ref PortState p = ref region.Port(port);
        int pid = System.Environment.ProcessId;
        for (int i = 0; i < region.Header.MaxBindings; i++)
        {
            ref BindingState b = ref region.Binding(i);
            if (b.InUse == 0 || b.Port != port || (b.Pid == pid && b.PidStart == ProcessIdentity.Own))
            {
                continue;
            }

            QueueRanges other = QueueRanges.Of(p.KringBase, p.TxRings, p.RxRings, p.HostRings, (int)b.TxFirst, (int)b.TxLast, (int)b.RxFirst, (int)b.RxLast);
            if (want.Overlaps(other, System.Math.Max(p.TxRings, p.RxRings), p.HostRxRings))
            {
                return $"process {b.Pid} holds {Describe(other)}";
            }
        }

        return null;
    }

    private static bool HostRxBound(Region region, int port, uint h)
    {
        ref PortState p = ref region.Port(port);
        for (int i = 0; i < region.Header.MaxBindings; i++)
        {
            ref BindingState b = ref region.Binding(i);
            if (b.InUse != 0 && b.Port == port &&
                QueueRanges.Of(p.KringBase, p.TxRings, p.RxRings, p.HostRings, (int)b.TxFirst, (int)b.TxLast, (int)b.RxFirst, (int)b.RxLast).HasHost(h))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(in QueueRanges q)
    {
        var parts = new System.Collections.Generic.List<string>();
        if (q.Rx1 > q.Rx0)
        {
            parts.Add($"NIC RX rings {q.Rx0}..{q.Rx1 - 1}");
        }

        if (q.Tx1 > q.Tx0)
        {
            parts.Add($"NIC TX rings {q.Tx0}..{q.Tx1 - 1}");
        }

        if (q.Host1 > q.Host0)
        {
            parts.Add($"host RX rings {q.Host0}..{q.Host1 - 1}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>close() of a handle of this process on an interface, before its binding is released.</summary>
    public static void DetachInterface(UserSpaceNetmapBackend backend, BoundPort b, InterfaceBinding ib)
    {
        ref PortState p = ref b.Region.Port(b.Port);
        bool last = !b.Region.IsDisposed && p.Kind == PortKind.Interface && p.Users <= 1;
        string offloads = last ? Offloads.RecordPath(backend.Rendezvous.Directory, p.NetNs, ib.Interface.Name) : string.Empty;
        ib.Interface.Unuse(ib.Queues, last ? () => Offloads.RestoreRecorded(offloads, backend.Log) : null);
    }
}
