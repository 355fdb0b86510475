using Netmap.Interop.UserSpace.Linux;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// NETMAP_REQ_REGISTER and NETMAP_REQ_PORT_INFO_GET (netmap_ioctl, netmap_get_na, netmap_interp_ringid,
/// netmap_krings_get, netmap_do_regif) and the unbind at close, over the shared state of the rendezvous directory.
/// </summary>
internal static unsafe partial class Registrar
{
    private const uint DefaultSlots = 1024;
    private const uint MaxPipeSlots = 4096;
    private const uint MaxPipeRings = 256;

    public static int Register(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, in NmReqHeader hdr, NmReqRegister* body, int optionsError)
    {
        if (RefusedAtCopyIn(optionsError))
        {
            return optionsError;
        }

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
        if (RefusedAtCopyIn(optionsError))
        {
            return optionsError;
        }

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
        info.HostTxRings = (ushort)p.HostRings;
        info.HostRxRings = (ushort)Ports.HostRxRings(ref p);
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

            return ResolveInterface(backend, name, ref req, out region, out port);
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
            else if (InterfaceInfo.Index(pn.Parent!) != 0)
            {
                // netmap_get_pipe_na: the pipe shares its parent's allocator, which an open adapter may have
                // taken from nr_mem_id.
                if (!FindOpenInterface(rv, pn.Parent!, InterfaceInfo.NetNs(), out region, out _))
                {
                    error = rv.GetRegion(Rendezvous.GlobalMemId, out region);
                }
            }
            else
            {
                RegionLayout layout = RegionLayout.ForValeParent(req.TxRings, req.RxRings, req.TxSlots, req.RxSlots, req.ExtraBufs);
                error = rv.CreatePrivateRegion(layout, out region);

                // netmap_vale_vp_create writes the VALE port's bounded counts back into this very request, so the
                // pipe it then creates has at most NM_BDG_MAXRINGS rings each way and asks for fewer extra buffers.
                req.TxRings = (ushort)RegionLayout.Bound(req.TxRings, 1, 1, RegionLayout.ValeMaxRings);
                req.RxRings = (ushort)RegionLayout.Bound(req.RxRings, 1, 1, RegionLayout.ValeMaxRings);
                req.ExtraBufs = System.Math.Min(req.ExtraBufs, RegionLayout.ValeMaxExtraBufs);
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
            ParentSlots(rv, pn.Parent!, out uint parentTx, out uint parentRx);
            error = Ports.CreatePipe(region!, pn.Parent!, pn.PipeId!, PipeRings(req.TxRings), PipeRings(req.RxRings),
                PipeSlots(req.TxSlots, parentTx), PipeSlots(req.RxSlots, parentRx), out m);
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

    /// <summary>
    /// nmreq_copyin's own refusals, made before the request is looked at: an option of type 0 or a duplicate
    /// (EINVAL). Options that are merely not supported are found only after the request (nmreq_checkoptions).
    /// </summary>
    private static bool RefusedAtCopyIn(int optionsError) => optionsError == Errno.EINVAL;

    /// <summary>
    /// The parent's ring sizes, a pipe's default (netmap_get_pipe_na: nm_bound_var(&amp;num_tx_desc,
    /// pna->num_tx_desc, ...)): an interface's are its adapter's, from ethtool when not yet open. The
    /// self-deleting VALE parent's are not recorded, so such a pipe defaults to 1024.
    /// </summary>
    private static void ParentSlots(Rendezvous rv, string parent, out uint tx, out uint rx)
    {
        tx = rx = DefaultSlots;
        if (InterfaceInfo.Index(parent) == 0)
        {
            return;
        }

        if (FindOpenInterface(rv, parent, InterfaceInfo.NetNs(), out Region? r, out int port))
        {
            tx = r!.Port(port).TxSlots;
            rx = r.Port(port).RxSlots;
        }
        else
        {
            InterfaceInfo.RingSizes(parent, out rx, out tx);
        }
    }

    // nm_bound_var: below the minimum takes the default (the parent's, not bounded), above the maximum the maximum.
    private static uint PipeSlots(uint v, uint dflt) => v < 1 ? dflt : v > MaxPipeSlots ? MaxPipeSlots : v;

    private static uint PipeRings(uint v) => v < 1 ? 1 : v > MaxPipeRings ? MaxPipeRings : v;
}
