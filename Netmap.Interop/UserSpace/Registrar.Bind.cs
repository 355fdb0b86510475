using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>The binding half of REGISTER: which rings, exclusivity, ring creation, the netmap_if, extra buffers.</summary>
internal static unsafe partial class Registrar
{
    /// <summary>netmap_interp_ringid + netmap_krings_get + netmap_do_regif for an adapter already found.</summary>
    private static int Bind(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, Region region, int port, ref NmReqRegister req, int optionsError)
    {
        PortState* p = region.PortPtr(port);
        bool isNull = p->Kind == PortKind.Null;
        uint hostTx = p->HostRings, hostRx = Ports.HostRxRings(ref *p);
        uint tx0 = 0, tx1 = p->TxRings, rx0 = 0, rx1 = p->RxRings;
        switch ((NetmapRegMode)req.Mode)
        {
            case NetmapRegMode.AllNic:
                break;
            case NetmapRegMode.NicSw when hostTx > 0:
                tx1 += hostTx;
                rx1 += hostRx;
                break;
            case NetmapRegMode.Sw when hostTx > 0:
                tx0 = tx1;
                rx0 = rx1;
                tx1 += hostTx;
                rx1 += hostRx;
                break;
            case NetmapRegMode.OneSw when hostTx > 0:
                // As for ONE_NIC: EINVAL only past both counts; a direction with fewer host rings binds its first.
                if (req.RingId >= hostTx && req.RingId >= hostRx)
                {
                    return Errno.EINVAL;
                }

                tx0 = tx1 + (req.RingId < hostTx ? req.RingId : 0u);
                rx0 = rx1 + (req.RingId < hostRx ? req.RingId : 0u);
                tx1 = tx0 + 1;
                rx1 = rx0 + 1;
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

        if (p->Kind == PortKind.Interface)
        {
            int early = CheckInterfaceBind(backend, p, rx0, rx1);
            if (early != 0)
            {
                return early;
            }
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
        // netmap_mem2_if_new: a netmap_if too long for the pool's objects (56 B + one offset per ring, host
        // placeholders included) cannot be allocated.
        uint shownHostTx = hostTx > 0 ? hostTx : 1, shownHostRx = hostRx > 0 ? hostRx : 1;
        bool ifFits = 56 + (8UL * (p->TxRings + shownHostTx + p->RxRings + shownHostRx)) <= region.Header.IfObjSize;
        long nifpOffset = binding < 0 || !ifFits ? -1 : region.AllocIf();
        if (nifpOffset < 0)
        {
            return Errno.ENOMEM;
        }

        Linux.InterfaceBinding? linux = null;
        if (p->Kind == PortKind.Interface)
        {
            error = AttachInterface(backend, region, port, tx0, tx1, rx0, rx1, out linux);
            if (error != 0)
            {
                region.FreeIf((ulong)nifpOffset);
                return error;
            }
        }

        uint got = 0, head = 0, from = 2;
        for (; got < req.ExtraBufs; got++)
        {
            uint b = region.AllocBuf(ref from);
            if (b == 0)
            {
                break;
            }

            *(uint*)region.Buffer(b) = head;
            head = b;
        }

        WriteNetmapIf(region, p, shownHostTx, shownHostRx, (ulong)nifpOffset, head, txFirst, txLast, rxFirst, rxLast);
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
            IsPipe = !isNull && linux is null,
            Interface = linux,
        };
        if (linux is not null)
        {
            int epollFd = Linux.ReadinessSet.Create(handle.WakeFd, linux.SleepFds);
            if (epollFd >= 0)
            {
                handle.UseReadinessSet(epollFd);
            }
        }

        req.Offset = (ulong)nifpOffset;
        req.MemSize = region.MemSize;
        req.TxSlots = p->TxSlots;
        req.RxSlots = p->RxSlots;
        req.TxRings = (ushort)p->TxRings;
        req.RxRings = (ushort)p->RxRings;
        req.HostTxRings = (ushort)hostTx;
        req.HostRxRings = (ushort)hostRx;
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

    /// <summary>
    /// netmap_if_new: counts, the host placeholders, and offsets only for the rings this handle binds. Pipes and
    /// null ports show one host ring placeholder each way, as netmap does; interfaces their real host rings.
    /// </summary>
    private static void WriteNetmapIf(Region region, PortState* p, uint hostTx, uint hostRx, ulong nifpOffset, uint bufsHead, int txFirst, int txLast, int rxFirst, int rxLast)
    {
        var nifp = (NetmapIfHeader*)(region.Base + nifpOffset);
        Rendezvous.WriteName((byte*)&nifp->Name, NetmapApi.IfNameSize, Rendezvous.ReadName(p->Name, 64));
        nifp->Flags = region.IsPrivate ? (uint)NetmapIfFlags.PrivateMemory : 0;
        nifp->TxRings = p->TxRings;
        nifp->RxRings = p->RxRings;
        nifp->HostTxRings = hostTx;
        nifp->HostRxRings = hostRx;
        nifp->BufsHead = bufsHead;
        var ofs = (long*)(nifp + 1);
        uint total = p->TxRings + hostTx + p->RxRings + hostRx;
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
            ofs[k - p->KringBase - (int)p->HostRings + (int)hostTx] = (long)region.Kring(k).RingOffset - (long)nifpOffset;
        }
    }
}
