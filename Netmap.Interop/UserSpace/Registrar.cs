using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// NETMAP_REQ_REGISTER and NETMAP_REQ_PORT_INFO_GET (netmap_ioctl, netmap_get_na, netmap_interp_ringid,
/// netmap_krings_get, netmap_do_regif) and the unbind at close, over the shared state of the rendezvous directory.
/// </summary>
internal static unsafe class Registrar
{
    private const uint DefaultSlots = 1024;
    private const uint MaxPipeSlots = 4096;
    private const uint MaxPipeRings = 256;

    public static int Register(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, in NmReqHeader hdr, NmReqRegister* body, int optionsError)
    {
        if (handle.Bound is not null)
        {
            return Errno.EBUSY;
        }

        NmReqRegister req = *body;
        Rendezvous rv = backend.Rendezvous;
        using RendezvousLock.Scope scope = rv.Lock.Enter();
        backend.SweepDeadOwners();
        int error = Resolve(backend, hdr.GetName(), ref req, create: true, out Region? region, out int port);
        if (error != 0)
        {
            return error;
        }

        error = Bind(backend, handle, region!, port, ref req, optionsError);
        if (error != 0)
        {
            Abandon(rv, region!, port);
            rv.ReleaseLocal(region!);
            return error;
        }

        *body = req;
        return 0;
    }

    public static int PortInfo(UserSpaceNetmapBackend backend, in NmReqHeader hdr, NmReqPortInfoGet* body, int optionsError)
    {
        NmReqPortInfoGet info = *body;
        var req = new NmReqRegister
        {
            Mode = (uint)NetmapRegMode.AllNic,
            TxSlots = info.TxSlots,
            RxSlots = info.RxSlots,
            TxRings = info.TxRings,
            RxRings = info.RxRings,
            HostTxRings = info.HostTxRings,
            HostRxRings = info.HostRxRings,
            MemId = info.MemId,
        };
        Rendezvous rv = backend.Rendezvous;
        using RendezvousLock.Scope scope = rv.Lock.Enter();
        backend.SweepDeadOwners();
        string name = hdr.GetName();
        if (name.Length == 0)
        {
            // No port: only the memory region's size and id (the global one unless nr_mem_id names another).
            if (rv.GetRegion(info.MemId != 0 ? info.MemId : Rendezvous.GlobalMemId, out Region? mem) != 0)
            {
                return Errno.EINVAL;
            }

            info.MemSize = mem!.MemSize;
            info.MemId = (ushort)mem.MemId;
            if (mem.LocalBindings == 0)
            {
                rv.ReleaseLocal(mem);
            }

            if (optionsError != 0)
            {
                return optionsError;
            }

            *body = info;
            return 0;
        }

        int error = Resolve(backend, name, ref req, create: true, out Region? region, out int port);
        if (error != 0)
        {
            return error;
        }

        ref PortState p = ref region!.Port(port);
        info.MemSize = region.MemSize;
        info.TxSlots = p.TxSlots;
        info.RxSlots = p.RxSlots;
        info.TxRings = (ushort)p.TxRings;
        info.RxRings = (ushort)p.RxRings;
        info.HostTxRings = 0;
        info.HostRxRings = 0;
        info.MemId = (ushort)region.MemId;
        Abandon(rv, region, port);
        rv.ReleaseLocal(region);
        if (optionsError != 0)
        {
            return optionsError;
        }

        *body = info;
        return 0;
    }

    /// <summary>netmap_get_na: finds or creates the adapter the name and mode designate.</summary>
    private static int Resolve(UserSpaceNetmapBackend backend, string name, ref NmReqRegister req, bool create, out Region? region, out int port)
    {
        Rendezvous rv = backend.Rendezvous;
        region = null;
        port = -1;
        Region? memRegion = null;
        if (req.MemId != 0 && rv.GetRegion(req.MemId, out memRegion) != 0)
        {
            return Errno.EINVAL;
        }

        if (req.Mode == (uint)NetmapRegMode.Null)
        {
            if (memRegion is null)
            {
                return Errno.EINVAL;
            }

            region = memRegion;
            return Ports.CreateNull(region, name, req.TxRings, req.RxRings, Slots(req.TxSlots), Slots(req.RxSlots), out port);
        }

        const ulong monitor = (ulong)(NetmapRegFlags.MonitorTx | NetmapRegFlags.MonitorRx | NetmapRegFlags.ZeroCopyMonitor);
        if ((req.Flags & monitor) != 0)
        {
            return backend.NotEmulated("monitor ports (NR_MONITOR_TX/RX, NR_ZCOPY_MON)");
        }

        int error = PortName.Parse(name, out PortName pn);
        if (error != 0)
        {
            return error;
        }

        if (!pn.IsPipe)
        {
            if (PortName.IsVale(name))
            {
                return backend.NotEmulated($"VALE port '{name}'");
            }

            if (!PortName.InterfaceExists(name))
            {
                return Errno.ENXIO;
            }

            return backend.InterfaceNotYet(name);
        }

        if (PortName.IsVale(pn.Parent!))
        {
            return backend.NotEmulated($"pipes of the VALE port '{pn.Parent}'");
        }

        uint memId = rv.FindParentRegion(pn.Parent!);
        if (memId != 0)
        {
            if (req.MemId != 0 && req.MemId != memId)
            {
                return Errno.EINVAL;
            }

            error = rv.GetRegion(memId, out region);
            if (error != 0)
            {
                return error;
            }
        }
        else
        {
            if (!create)
            {
                return Errno.ENXIO;
            }

            if (memRegion is not null)
            {
                region = memRegion;
            }
            else if (PortName.InterfaceExists(pn.Parent!))
            {
                error = rv.GetRegion(Rendezvous.GlobalMemId, out region);
            }
            else
            {
                RegionLayout layout = RegionLayout.ForPipes(
                    PipeRings(req.TxRings), PipeRings(req.RxRings), PipeSlots(req.TxSlots), PipeSlots(req.RxSlots), req.ExtraBufs);
                error = rv.CreatePrivateRegion(layout, out region);
            }

            if (error == 0)
            {
                error = rv.AddParent(pn.Parent!, region!.MemId);
            }

            if (error != 0)
            {
                return error;
            }
        }

        string master = pn.Parent + "{" + pn.PipeId;
        string slave = pn.Parent + "}" + pn.PipeId;
        int m = Ports.Find(region!, master);
        if (m < 0)
        {
            error = Ports.CreatePipe(region!, pn.Parent!, pn.PipeId!, PipeRings(req.TxRings), PipeRings(req.RxRings),
                PipeSlots(req.TxSlots), PipeSlots(req.RxSlots), out m);
            if (error != 0)
            {
                ForgetParentIfEmpty(rv, region!, pn.Parent!);
                return error;
            }
        }

        port = pn.Master ? m : Ports.Find(region!, slave);
        return 0;
    }

    private static uint Slots(uint v) => v == 0 ? DefaultSlots : v;

    // nm_bound_var: below the minimum takes the default, above the maximum takes the maximum.
    private static uint PipeSlots(uint v) => v < 1 ? DefaultSlots : v > MaxPipeSlots ? MaxPipeSlots : v;

    private static uint PipeRings(uint v) => v < 1 ? 1 : v > MaxPipeRings ? MaxPipeRings : v;

    /// <summary>netmap_interp_ringid + netmap_krings_get + netmap_do_regif for an adapter already found.</summary>
    private static int Bind(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, Region region, int port, ref NmReqRegister req, int optionsError)
    {
        PortState* p = region.PortPtr(port);
        bool isNull = p->Kind == PortKind.Null;
        uint tx0 = 0, tx1 = p->TxRings, rx0 = 0, rx1 = p->RxRings;
        switch ((NetmapRegMode)req.Mode)
        {
            case NetmapRegMode.AllNic:
                break;
            case NetmapRegMode.Null when isNull:
                break;
            case NetmapRegMode.OneNic:
                if (req.RingId >= p->TxRings && req.RingId >= p->RxRings)
                {
                    return Errno.EINVAL;
                }

                tx0 = req.RingId < p->TxRings ? req.RingId : 0u;
                tx1 = System.Math.Min(tx0 + 1, p->TxRings);
                rx0 = req.RingId < p->RxRings ? req.RingId : 0u;
                rx1 = System.Math.Min(rx0 + 1, p->RxRings);
                break;
            default:
                return Errno.EINVAL;
        }

        if ((req.Flags & (ulong)NetmapRegFlags.RxRingsOnly) != 0)
        {
            tx1 = tx0;
        }

        if ((req.Flags & (ulong)NetmapRegFlags.TxRingsOnly) != 0)
        {
            rx1 = rx0;
        }

        bool exclusive = (req.Flags & (ulong)NetmapRegFlags.Exclusive) != 0;
        int txFirst = Ports.TxKring(ref *p, tx0), txLast = Ports.TxKring(ref *p, tx1);
        int rxFirst = Ports.RxKring(ref *p, rx0), rxLast = Ports.RxKring(ref *p, rx1);
        if (Busy(region, txFirst, txLast, exclusive) || Busy(region, rxFirst, rxLast, exclusive))
        {
            return Errno.EBUSY;
        }

        int error = EnsureRings(region, rxFirst, rxLast);
        if (error == 0)
        {
            error = EnsureRings(region, txFirst, txLast);
        }

        if (error != 0)
        {
            return error;
        }

        // netmap checks the options only once the binding is made, so other errors take precedence.
        if (optionsError != 0)
        {
            return optionsError;
        }

        int binding = FreeBinding(region);
        long nifpOffset = binding < 0 ? -1 : region.AllocIf();
        if (nifpOffset < 0)
        {
            return Errno.ENOMEM;
        }

        uint got = 0, head = 0;
        for (; got < req.ExtraBufs; got++)
        {
            uint b = region.AllocBuf();
            if (b == 0)
            {
                break;
            }

            *(uint*)region.Buffer(b) = head;
            head = b;
        }

        WriteNetmapIf(region, p, (ulong)nifpOffset, head, txFirst, txLast, rxFirst, rxLast);
        ref BindingState bs = ref region.Binding(binding);
        bs = default;
        bs.Pid = System.Environment.ProcessId;
        bs.PidStart = ProcessIdentity.Own;
        bs.Seq = handle.Seq;
        bs.Port = port;
        bs.Exclusive = exclusive ? 1 : 0;
        bs.NifpOffset = (ulong)nifpOffset;
        bs.TxFirst = (uint)txFirst;
        bs.TxLast = (uint)txLast;
        bs.RxFirst = (uint)rxFirst;
        bs.RxLast = (uint)rxLast;
        bs.Flags = req.Flags;
        bs.InUse = 1;
        Use(region, txFirst, txLast, exclusive);
        Use(region, rxFirst, rxLast, exclusive);
        p->Users++;
        region.LocalBindings++;
        handle.Bound = new BoundPort(region, binding, port, p->Peer)
        {
            TxFirst = txFirst,
            TxLast = txLast,
            RxFirst = rxFirst,
            RxLast = rxLast,
            NoTxPoll = (req.Flags & (ulong)NetmapRegFlags.NoTxPoll) != 0,
            IsPipe = !isNull,
        };

        req.Offset = (ulong)nifpOffset;
        req.MemSize = region.MemSize;
        req.TxSlots = p->TxSlots;
        req.RxSlots = p->RxSlots;
        req.TxRings = (ushort)p->TxRings;
        req.RxRings = (ushort)p->RxRings;
        req.HostTxRings = 0;
        req.HostRxRings = 0;
        req.MemId = (ushort)region.MemId;
        req.ExtraBufs = got;
        return 0;
    }

    private static bool Busy(Region region, int first, int last, bool exclusive)
    {
        for (int k = first; k < last; k++)
        {
            ref KRingState kr = ref region.Kring(k);
            if (kr.Exclusive != 0 || (exclusive && kr.Users > 0))
            {
                return true;
            }
        }

        return false;
    }

    private static int EnsureRings(Region region, int first, int last)
    {
        for (int k = first; k < last; k++)
        {
            int error = Ports.EnsureRing(region, k);
            if (error != 0)
            {
                return error;
            }
        }

        return 0;
    }

    private static void Use(Region region, int first, int last, bool exclusive)
    {
        for (int k = first; k < last; k++)
        {
            region.Kring(k).Users++;
            if (exclusive)
            {
                region.Kring(k).Exclusive = 1;
            }
        }
    }

    private static int FreeBinding(Region region)
    {
        for (int i = 0; i < region.Header.MaxBindings; i++)
        {
            if (region.Binding(i).InUse == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>netmap_if_new: counts, the host placeholders, and offsets only for the rings this handle binds.</summary>
    private static void WriteNetmapIf(Region region, PortState* p, ulong nifpOffset, uint bufsHead, int txFirst, int txLast, int rxFirst, int rxLast)
    {
        var nifp = (NetmapIfHeader*)(region.Base + nifpOffset);
        Rendezvous.WriteName((byte*)&nifp->Name, NetmapApi.IfNameSize, Rendezvous.ReadName(p->Name, 64));
        nifp->Flags = region.IsPrivate ? (uint)NetmapIfFlags.PrivateMemory : 0;
        nifp->TxRings = p->TxRings;
        nifp->RxRings = p->RxRings;
        nifp->HostTxRings = 1;
        nifp->HostRxRings = 1;
        nifp->BufsHead = bufsHead;
        var ofs = (long*)(nifp + 1);
        uint total = p->TxRings + 1 + p->RxRings + 1;
        for (uint i = 0; i < total; i++)
        {
            ofs[i] = 0;
        }

        for (int k = txFirst; k < txLast; k++)
        {
            ofs[k - p->KringBase] = (long)region.Kring(k).RingOffset - (long)nifpOffset;
        }

        for (int k = rxFirst; k < rxLast; k++)
        {
            ofs[k - p->KringBase + 1] = (long)region.Kring(k).RingOffset - (long)nifpOffset;
        }
    }

    /// <summary>Deletes an adapter nobody binds any more (a pipe only when both ends are free).</summary>
    private static void Abandon(Rendezvous rv, Region region, int port)
    {
        ref PortState p = ref region.Port(port);
        if (p.Kind == PortKind.Free)
        {
            return;
        }

        if (p.Kind == PortKind.Null)
        {
            if (p.Users == 0)
            {
                Ports.Destroy(region, port);
            }
        }
        else if (p.Users == 0 && region.Port(p.Peer).Users == 0)
        {
            string name = Rendezvous.ReadName(region.PortPtr(port)->Name, 64);
            string parent = name[..name.LastIndexOfAny(['{', '}'])];
            Ports.Destroy(region, port);
            ForgetParentIfEmpty(rv, region, parent);
        }

        rv.DeleteIfUnused(region);
    }

    private static void ForgetParentIfEmpty(Rendezvous rv, Region region, string parent)
    {
        if (!Ports.HasPipesOf(region, parent))
        {
            rv.RemoveParent(parent);
        }

        rv.DeleteIfUnused(region);
    }

    /// <summary>The unbind of close(): ring users, the exclusive mark, the extra buffers, the netmap_if.</summary>
    public static void Unbind(Rendezvous rv, Region region, int binding)
    {
        ref BindingState bs = ref region.Binding(binding);
        if (bs.InUse == 0)
        {
            return;
        }

        for (int k = (int)bs.TxFirst; k < (int)bs.TxLast; k++)
        {
            Unuse(region, k, bs.Exclusive != 0);
        }

        for (int k = (int)bs.RxFirst; k < (int)bs.RxLast; k++)
        {
            Unuse(region, k, bs.Exclusive != 0);
        }

        // The kernel frees whatever list ni_bufs_head holds now; a bad link ends the walk.
        var nifp = (NetmapIfHeader*)(region.Base + bs.NifpOffset);
        uint b = nifp->BufsHead;
        for (uint guard = 0; b >= 2 && b < region.Header.BufNum && guard < region.Header.BufNum; guard++)
        {
            uint next = *(uint*)region.Buffer(b);
            region.FreeBuf(b);
            b = next;
        }

        nifp->BufsHead = 0;
        region.FreeIf(bs.NifpOffset);
        int port = bs.Port;
        bs = default;
        region.Port(port).Users--;
        Abandon(rv, region, port);
    }

    private static void Unuse(Region region, int k, bool exclusive)
    {
        ref KRingState kr = ref region.Kring(k);
        if (kr.Users > 0)
        {
            kr.Users--;
        }

        if (exclusive)
        {
            kr.Exclusive = 0;
        }
    }
}
