using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>close() and failed registrations: releasing rings, buffers and, when nobody is left, the adapter and its region.</summary>
internal static unsafe partial class Registrar
{
    /// <summary>Deletes an adapter nobody binds any more (a pipe only when both ends are free).</summary>
    private static void Abandon(Rendezvous rv, Region region, int port)
    {
        ref PortState p = ref region.Port(port);
        if (p.Kind == PortKind.Free)
        {
            return;
        }

        if (p.Kind is PortKind.Null or PortKind.Interface)
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

    /// <summary>
    /// Whether binding slot <paramref name="binding"/> still holds the binding this process made for the handle
    /// numbered <paramref name="seq"/> on <paramref name="port"/>. Once a sweep of dead owners has released it, the
    /// slot (and its netmap_if) may belong to another handle, which close() must then leave alone.
    /// </summary>
    public static bool HoldsOwnBinding(Region region, int binding, int port, long seq)
    {
        ref BindingState bs = ref region.Binding(binding);
        return bs.InUse != 0 && bs.Pid == System.Environment.ProcessId && bs.PidStart == ProcessIdentity.Own &&
            bs.Seq == seq && bs.Port == port;
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
