using System;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The XDP side of the NIC RX steal, one per interface for every process of a rendezvous directory: an XSKMAP
/// indexed by queue and a five-instruction program, attached through a BPF link (native mode, else generic), that
/// redirects each frame of a queue whose socket is in the map and passes the others to the stack. The first process
/// creates it; others join it by id and hold the link too, so it lives while any user does and dies with the last
/// one, crashed or not. The kernel drops a socket from the map when the socket closes.
/// </summary>
internal sealed class XdpSteal : IDisposable
{
    private const uint XDP_FLAGS_SKB_MODE = 2;
    private const uint XDP_FLAGS_DRV_MODE = 4;

    /// <summary>The program's name as bpftool and <c>ip link</c> show it.</summary>
    public const string ProgramName = "nmus_steal";

    private const string MapName = "nmus_xsks";

    private int _mapFd = -1;
    private int _progFd = -1;
    private int _linkFd = -1;

    private XdpSteal()
    {
    }

    /// <summary>Kernel id of the link, for other processes to join.</summary>
    public uint LinkId { get; private set; }

    /// <summary>Kernel id of the XSKMAP, for other processes to join.</summary>
    public uint MapId { get; private set; }

    /// <summary>Creates the map and program and attaches them to <paramref name="ifindex"/>.</summary>
    public static int Attach(uint ifindex, uint queues, out XdpSteal? steal, out string? why, string name = ProgramName)
    {
        steal = new XdpSteal();
        why = null;
        steal._mapFd = BpfSys.MapCreate(BpfSys.MapTypeXskMap, queues, MapName);
        if (steal._mapFd < 0)
        {
            return Fail(ref steal, "bpf(BPF_MAP_CREATE, XSKMAP)", out why);
        }

        // r2 = ctx->rx_queue_index; r1 = &map; r3 = XDP_PASS (the action when the queue has no socket);
        // r0 = bpf_redirect_map(r1, r2, r3); exit.
        ReadOnlySpan<ulong> insns =
        [
            BpfSys.Insn(0x61, 2, 1, 16, 0),
            BpfSys.Insn(0x18, 1, 1, 0, steal._mapFd),
            0,
            BpfSys.Insn(0xb7, 3, 0, 0, 2),
            BpfSys.Insn(0x85, 0, 0, 0, 51),
            BpfSys.Insn(0x95, 0, 0, 0, 0),
        ];
        steal._progFd = BpfSys.ProgLoad(BpfSys.ProgTypeXdp, insns, name, BpfSys.AttachXdp);
        if (steal._progFd < 0)
        {
            return Fail(ref steal, "bpf(BPF_PROG_LOAD, XDP)", out why);
        }

        // Native mode first: it runs per receive queue with the right rx_queue_index (veth too); generic mode
        // (one queue index for every frame on veth) is the fallback for drivers without XDP.
        foreach (uint mode in new[] { XDP_FLAGS_DRV_MODE, XDP_FLAGS_SKB_MODE })
        {
            steal._linkFd = BpfSys.LinkCreate(steal._progFd, ifindex, BpfSys.AttachXdp, mode);
            if (steal._linkFd >= 0 || LinuxSys.LastError == Errno.EBUSY)
            {
                break;
            }
        }

        if (steal._linkFd < 0)
        {
            return Fail(ref steal, "bpf(BPF_LINK_CREATE, XDP)", out why);
        }

        steal.LinkId = BpfSys.Id(steal._linkFd);
        steal.MapId = BpfSys.Id(steal._mapFd);
        return 0;
    }

    /// <summary>
    /// Joins the steal another live process attached to <paramref name="ifindex"/>: ENOENT when it is gone (its
    /// holders all exited), EPERM without CAP_SYS_ADMIN (objects by id).
    /// </summary>
    public static int Join(uint ifindex, uint linkId, uint mapId, out XdpSteal? steal, out string? why)
    {
        steal = new XdpSteal { LinkId = linkId, MapId = mapId };
        why = null;
        steal._linkFd = BpfSys.LinkById(linkId);
        if (steal._linkFd < 0)
        {
            return Fail(ref steal, $"bpf(BPF_LINK_GET_FD_BY_ID, {linkId})", out why);
        }

        Span<uint> info = stackalloc uint[8];
        if (!BpfSys.Info(steal._linkFd, info) || info[0] != BpfSys.LinkTypeXdp || info[4] != ifindex)
        {
            steal.Dispose();
            steal = null;
            why = $"BPF link {linkId} is no longer the XDP steal of interface {ifindex}";
            return Errno.ENOENT;
        }

        steal._mapFd = BpfSys.MapById(mapId);
        if (steal._mapFd < 0)
        {
            return Fail(ref steal, $"bpf(BPF_MAP_GET_FD_BY_ID, {mapId})", out why);
        }

        if (!BpfSys.Info(steal._mapFd, info) || info[0] != BpfSys.MapTypeXskMap)
        {
            steal.Dispose();
            steal = null;
            why = $"BPF map {mapId} is no longer the XSKMAP of interface {ifindex}";
            return Errno.ENOENT;
        }

        return 0;
    }

    /// <summary>Points queue <paramref name="queue"/> at the AF_XDP socket <paramref name="xskFd"/>.</summary>
    public int Steal(uint queue, int xskFd) => BpfSys.MapUpdate(_mapFd, queue, (uint)xskFd) < 0 ? LinuxSys.LastError : 0;

    /// <summary>Gives queue <paramref name="queue"/> back to the stack.</summary>
    public void Release(uint queue) => BpfSys.MapDelete(_mapFd, queue);

    /// <summary>True once the interface is gone: the kernel detaches an XDP link from a deleted device (one syscall).</summary>
    public bool IsDetached()
    {
        Span<uint> info = stackalloc uint[8];
        return _linkFd >= 0 && BpfSys.Info(_linkFd, info) && info[4] == 0;
    }

    /// <summary>Takes the program off the interface now (the last user's close; others' links become defunct).</summary>
    public void Detach()
    {
        if (_linkFd >= 0)
        {
            BpfSys.LinkDetach(_linkFd);
        }
    }

    public void Dispose()
    {
        foreach (int fd in new[] { _linkFd, _progFd, _mapFd })
        {
            if (fd >= 0)
            {
                LinuxSys.Close(fd);
            }
        }

        _linkFd = _progFd = _mapFd = -1;
    }

    private static int Fail(ref XdpSteal? steal, string what, out string why)
    {
        int error = LinuxSys.LastError;
        why = $"{what}: {Errno.Name(error)}";
        steal!.Dispose();
        steal = null;
        return error;
    }
}
