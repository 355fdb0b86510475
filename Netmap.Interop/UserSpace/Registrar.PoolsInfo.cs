namespace Netmap.Interop.UserSpace;

/// <summary>NETMAP_REQ_POOLS_INFO_GET: where the three pools of a port's region lie.</summary>
internal static unsafe partial class Registrar
{
    public static int PoolsInfo(UserSpaceNetmapBackend backend, in NmReqHeader hdr, NmReqPoolsInfo* body, int optionsError)
    {
        if (RefusedAtCopyIn(optionsError))
        {
            return optionsError;
        }

        NmReqPoolsInfo info = *body;
        string name = hdr.GetName();
        if (name.Length == 0)
        {
            return Errno.EINVAL;
        }

        var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic, MemId = info.MemId };
        Rendezvous rv = backend.Rendezvous;
        using RendezvousLock.Scope scope = rv.Lock.Enter();
        backend.SweepDeadOwners();
        int error = Resolve(backend, name, ref req, create: true, out Region? region, out int port);
        if (error != 0)
        {
            return error;
        }

        ref readonly State.RegionHeaderState h = ref region!.Header;
        info.MemSize = h.MemSize;
        info.MemId = (ushort)h.MemId;
        info.IfPoolOffset = h.IfOffset;
        info.IfPoolObjTotal = h.IfNum;
        info.IfPoolObjSize = h.IfObjSize;
        info.RingPoolOffset = h.RingOffset;
        info.RingPoolObjTotal = h.RingNum;
        info.RingPoolObjSize = h.RingObjSize;
        info.BufPoolOffset = h.BufOffset;
        info.BufPoolObjTotal = h.BufNum;
        info.BufPoolObjSize = h.BufSize;
        Abandon(rv, region, port);
        rv.ReleaseLocal(region);
        if (optionsError != 0)
        {
            return optionsError;
        }

        *body = info;
        return 0;
    }
}
