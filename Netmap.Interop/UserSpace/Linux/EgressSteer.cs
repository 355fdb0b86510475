using System;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The stack-output side of one process's NIC TX rings (notes.md §6: what the stack sends through a queue whose NIC
/// TX ring is bound goes to host RX ring <c>queue % host rings</c>, else to the wire). A tcx egress program of this
/// process picks the queue as the kernel's default does (<c>reciprocal_scale(flow hash, TX queues)</c>); when this
/// process binds that queue's TX ring it redirects the frame to the host ring's capture TAP (looked up in the
/// interface's shared <see cref="HostTapMap"/>), or drops it when no process binds that host ring (netmap queues it
/// on an unread host ring and drops it). Other frames go on to the next program and the qdiscs. The program's link
/// dies with its descriptor: a killed process's queues return to the wire by themselves.
/// </summary>
internal sealed class EgressSteer : IDisposable
{
    /// <summary>The program's name as bpftool shows it.</summary>
    public const string ProgramName = "nmus_egress";

    private int _mapFd = -1;
    private int _progFd = -1;
    private int _linkFd = -1;

    private EgressSteer()
    {
    }

    public static int Attach(uint ifindex, uint txQueues, int tapMapFd, out EgressSteer? steer, out string? why)
    {
        steer = new EgressSteer();
        why = null;
        steer._mapFd = BpfSys.MapCreate(BpfSys.MapTypeArray, txQueues, "nmus_txq");
        if (steer._mapFd < 0)
        {
            return Fail(ref steer, "bpf(BPF_MAP_CREATE, ARRAY)", out why);
        }

        // q = (hash * T) >> 32; v = txq[q] (host ring + 1 when this process binds TX ring q);
        // none: TCX_NEXT; else t = taps[v - 1]: a TAP → bpf_redirect(t, 0), none → TCX_DROP.
        ReadOnlySpan<ulong> insns =
        [
            BpfSys.Insn(0xbf, 6, 1, 0, 0),
            BpfSys.Insn(0x85, 0, 0, 0, 34), // bpf_get_hash_recalc
            BpfSys.Insn(0x27, 0, 0, 0, (int)Math.Max(txQueues, 1)),
            BpfSys.Insn(0x77, 0, 0, 0, 32),
            BpfSys.Insn(0x63, 10, 0, -4, 0),
            BpfSys.Insn(0xbf, 2, 10, 0, 0),
            BpfSys.Insn(0x07, 2, 0, 0, -4),
            BpfSys.Insn(0x18, 1, 1, 0, steer._mapFd),
            0,
            BpfSys.Insn(0x85, 0, 0, 0, 1), // bpf_map_lookup_elem
            BpfSys.Insn(0x15, 0, 0, 15, 0),
            BpfSys.Insn(0x61, 1, 0, 0, 0),
            BpfSys.Insn(0x15, 1, 0, 13, 0),
            BpfSys.Insn(0x07, 1, 0, 0, -1),
            BpfSys.Insn(0x63, 10, 1, -8, 0),
            BpfSys.Insn(0xbf, 2, 10, 0, 0),
            BpfSys.Insn(0x07, 2, 0, 0, -8),
            BpfSys.Insn(0x18, 1, 1, 0, tapMapFd),
            0,
            BpfSys.Insn(0x85, 0, 0, 0, 1),
            BpfSys.Insn(0x15, 0, 0, 7, 0),
            BpfSys.Insn(0x61, 1, 0, 0, 0),
            BpfSys.Insn(0x15, 1, 0, 5, 0),
            BpfSys.Insn(0xb7, 2, 0, 0, 0),
            BpfSys.Insn(0x85, 0, 0, 0, 23), // bpf_redirect
            BpfSys.Insn(0x95, 0, 0, 0, 0),
            BpfSys.Insn(0xb7, 0, 0, 0, -1), // TCX_NEXT
            BpfSys.Insn(0x95, 0, 0, 0, 0),
            BpfSys.Insn(0xb7, 0, 0, 0, 2), // TCX_DROP
            BpfSys.Insn(0x95, 0, 0, 0, 0),
        ];
        steer._progFd = BpfSys.ProgLoad(BpfSys.ProgTypeSchedCls, insns, ProgramName, 0);
        if (steer._progFd < 0)
        {
            return Fail(ref steer, "bpf(BPF_PROG_LOAD, SCHED_CLS)", out why);
        }

        steer._linkFd = BpfSys.LinkCreate(steer._progFd, ifindex, BpfSys.AttachTcxEgress, 0);
        if (steer._linkFd < 0)
        {
            return Fail(ref steer, "bpf(BPF_LINK_CREATE, TCX_EGRESS)", out why);
        }

        return 0;
    }

    /// <summary>Stack output of TX queue <paramref name="queue"/> goes to host ring <paramref name="hostRing"/> (null: to the wire again).</summary>
    public int Capture(uint queue, uint? hostRing) =>
        BpfSys.MapUpdate(_mapFd, queue, hostRing is { } h ? h + 1 : 0) < 0 ? LinuxSys.LastError : 0;

    public void Dispose()
    {
        // Detached now, not when the workqueue gets to the closed link: the interface is as before at close.
        if (_linkFd >= 0)
        {
            BpfSys.LinkDetach(_linkFd);
        }

        foreach (int fd in new[] { _linkFd, _progFd, _mapFd })
        {
            if (fd >= 0)
            {
                LinuxSys.Close(fd);
            }
        }

        _linkFd = _progFd = _mapFd = -1;
    }

    private static int Fail(ref EgressSteer? steer, string what, out string why)
    {
        int error = LinuxSys.LastError;
        why = $"{what}: {Errno.Name(error)}";
        steer!.Dispose();
        steer = null;
        return error;
    }
}
