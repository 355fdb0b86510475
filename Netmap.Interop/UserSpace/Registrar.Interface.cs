using Netmap.Interop.UserSpace.Linux;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>REGISTER on a Linux interface: the adapter in region 1 and the kernel side this process installs.</summary>
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

        if (req.MemId > Rendezvous.GlobalMemId)
        {
            return Errno.EINVAL;
        }

        Rendezvous rv = backend.Rendezvous;
        int error = rv.GetRegion(Rendezvous.GlobalMemId, out region);
        if (error != 0)
        {
            return error;
        }

        ulong netns = InterfaceInfo.NetNs();
        port = FindInterface(region!, name, netns);
        if (port >= 0)
        {
            return 0;
        }

        InterfaceInfo.Queues(name, out uint rxq, out uint txq);
        InterfaceInfo.RingSizes(name, out uint rxSlots, out uint txSlots);
        uint host = req.HostTxRings is > 0 ? System.Math.Min(req.HostTxRings, MaxHostRings) : 1u;
        error = Ports.CreateInterface(region!, name, txq, rxq, host, System.Math.Min(txSlots, RegionLayout.GlobalMaxSlots),
            System.Math.Min(rxSlots, RegionLayout.GlobalMaxSlots), out port);
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
    /// Installs (or joins) this process's kernel side for a new binding of rings [tx0, tx1) and [rx0, rx1) (ring
    /// indexes, host rings after the NIC ones). Another live process's installation: EBUSY.
    /// </summary>
    private static int AttachInterface(UserSpaceNetmapBackend backend, PortState* p, uint tx0, uint tx1, uint rx0, uint rx1, out InterfaceBinding? binding)
    {
        binding = null;
        string name = Rendezvous.ReadName(p->Name, 64);
        int pid = System.Environment.ProcessId;
        if (p->Users > 0 && p->OwnerPid != pid)
        {
            backend.Log($"interface '{name}' is bound by process {p->OwnerPid}; the user-space netmap shares an interface's rings only within one process");
            return Errno.EBUSY;
        }

        uint nicRx1 = System.Math.Min(rx1, p->RxRings), nicRx0 = System.Math.Min(rx0, nicRx1);
        uint nicTx1 = System.Math.Min(tx1, p->TxRings), nicTx0 = System.Math.Min(tx0, nicTx1);
        if (nicRx1 > nicRx0 && InterfaceInfo.Mtu(name) is int mtu && mtu > RegionLayout.DefaultBufSize)
        {
            backend.Log($"interface '{name}' has MTU {mtu}, above the netmap buffer size {RegionLayout.DefaultBufSize}; lower it (ip link set dev {name} mtu 1500)");
            return Errno.EINVAL;
        }

        LinuxInterface? li = LinuxInterface.Find(p->NetNs, name);
        if (li is null)
        {
            int error = LinuxInterface.Create(p->NetNs, name, p->RxRings, p->TxRings, backend.Log, out li);
            if (error != 0)
            {
                return error;
            }

            li!.RestoreOffloads = Offloads.Check(name, backend.FixOffloads, backend.Log);
        }

        int e = li!.Use(nicRx0, nicRx1, nicTx0, nicTx1, backend.Log);
        if (e != 0)
        {
            li.DropIfUnused();
            return e;
        }

        bool hostRx = rx1 > p->RxRings;
        if (nicTx1 > nicTx0 && !hostRx)
        {
            backend.Log($"interface '{name}': this binding holds NIC TX rings but not the host RX ring, so what the stack sends on {name} is lost to an unread host ring (bind {name}* to see it)");
        }

        var fds = new System.Collections.Generic.List<int>();
        for (uint q = nicRx0; q < nicRx1; q++)
        {
            fds.Add(li.Xsks[q].Fd);
        }

        if (hostRx)
        {
            fds.Add(li.Tap.Fd);
        }

        p->OwnerPid = pid;
        p->OwnerStart = ProcessIdentity.Own;
        binding = new InterfaceBinding(li, p->KringBase, p->TxRings, p->RxRings, p->HostRings)
        {
            Rx0 = nicRx0,
            Rx1 = nicRx1,
            Tx0 = nicTx0,
            Tx1 = nicTx1,
            SleepFds = fds.ToArray(),
        };
        return 0;
    }

    /// <summary>close() of a handle of this process on an interface.</summary>
    public static void DetachInterface(UserSpaceNetmapBackend backend, InterfaceBinding b) =>
        b.Interface.Unuse(b.Rx0, b.Rx1, b.Tx0, b.Tx1, backend.Log);
}
