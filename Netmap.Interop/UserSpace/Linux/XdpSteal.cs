using System;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The XDP side of the NIC RX steal: an XSKMAP indexed by queue and a five-instruction program, attached through a
/// BPF link (native mode, else generic), that redirects each frame of a queue whose socket is in the map and passes the others to the stack.
/// The link lives as long as its descriptor, so a crashed process leaves no program behind.
/// </summary>
internal sealed unsafe class XdpSteal : IDisposable
{
    private const int BPF_MAP_CREATE = 0;
    private const int BPF_MAP_UPDATE_ELEM = 2;
    private const int BPF_MAP_DELETE_ELEM = 3;
    private const int BPF_PROG_LOAD = 5;
    private const int BPF_LINK_CREATE = 28;
    private const uint BPF_MAP_TYPE_XSKMAP = 17;
    private const uint BPF_PROG_TYPE_XDP = 6;
    private const uint BPF_XDP = 37;
    private const uint XDP_FLAGS_SKB_MODE = 2;
    private const uint XDP_FLAGS_DRV_MODE = 4;

    /// <summary>The program's name as bpftool and <c>ip link</c> show it.</summary>
    public const string ProgramName = "nmus_steal";

    private int _mapFd = -1;
    private int _progFd = -1;
    private int _linkFd = -1;

    private XdpSteal()
    {
    }

    /// <summary>Creates the map and program and attaches them to <paramref name="ifindex"/> in generic (skb) mode.</summary>
    public static int Attach(uint ifindex, uint queues, out XdpSteal? steal, out string? why, string name = ProgramName)
    {
        steal = new XdpSteal();
        why = null;
        byte* attr = stackalloc byte[128];
        new Span<byte>(attr, 128).Clear();
        *(uint*)attr = BPF_MAP_TYPE_XSKMAP;
        *(uint*)(attr + 4) = 4;
        *(uint*)(attr + 8) = 4;
        *(uint*)(attr + 12) = Math.Max(queues, 1);
        "nmus_xsks"u8.CopyTo(new Span<byte>(attr + 28, 16));
        steal._mapFd = Bpf(BPF_MAP_CREATE, attr);
        if (steal._mapFd < 0)
        {
            return Fail(ref steal, "bpf(BPF_MAP_CREATE, XSKMAP)", out why);
        }

        // r2 = ctx->rx_queue_index; r1 = &map; r3 = XDP_PASS (the action when the queue has no socket);
        // r0 = bpf_redirect_map(r1, r2, r3); exit.
        ulong* insns = stackalloc ulong[6];
        insns[0] = Insn(0x61, 2, 1, 16, 0);
        insns[1] = Insn(0x18, 1, 1, 0, steal._mapFd);
        insns[2] = 0;
        insns[3] = Insn(0xb7, 3, 0, 0, 2);
        insns[4] = Insn(0x85, 0, 0, 0, 51);
        insns[5] = Insn(0x95, 0, 0, 0, 0);
        byte* license = stackalloc byte[4];
        "GPL"u8.CopyTo(new Span<byte>(license, 3));
        license[3] = 0;
        new Span<byte>(attr, 128).Clear();
        *(uint*)attr = BPF_PROG_TYPE_XDP;
        *(uint*)(attr + 4) = 6;
        *(ulong*)(attr + 8) = (ulong)insns;
        *(ulong*)(attr + 16) = (ulong)license;
        System.Text.Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), new Span<byte>(attr + 48, 15));
        *(uint*)(attr + 68) = BPF_XDP;
        steal._progFd = Bpf(BPF_PROG_LOAD, attr);
        if (steal._progFd < 0)
        {
            return Fail(ref steal, "bpf(BPF_PROG_LOAD, XDP)", out why);
        }

        // Native mode first: it runs per receive queue with the right rx_queue_index (veth too); generic mode
        // (one queue index for every frame on veth) is the fallback for drivers without XDP.
        foreach (uint mode in new[] { XDP_FLAGS_DRV_MODE, XDP_FLAGS_SKB_MODE })
        {
            new Span<byte>(attr, 128).Clear();
            *(uint*)attr = (uint)steal._progFd;
            *(uint*)(attr + 4) = ifindex;
            *(uint*)(attr + 8) = BPF_XDP;
            *(uint*)(attr + 12) = mode;
            steal._linkFd = Bpf(BPF_LINK_CREATE, attr);
            if (steal._linkFd >= 0 || LinuxSys.LastError == Errno.EBUSY)
            {
                break;
            }
        }

        if (steal._linkFd < 0)
        {
            return Fail(ref steal, "bpf(BPF_LINK_CREATE, XDP)", out why);
        }

        return 0;
    }

    /// <summary>Points queue <paramref name="queue"/> at the AF_XDP socket <paramref name="xskFd"/>.</summary>
    public int Steal(uint queue, int xskFd)
    {
        byte* attr = stackalloc byte[128];
        new Span<byte>(attr, 128).Clear();
        *(uint*)attr = (uint)_mapFd;
        *(ulong*)(attr + 8) = (ulong)&queue;
        *(ulong*)(attr + 16) = (ulong)&xskFd;
        return Bpf(BPF_MAP_UPDATE_ELEM, attr) < 0 ? LinuxSys.LastError : 0;
    }

    /// <summary>Gives queue <paramref name="queue"/> back to the stack.</summary>
    public void Release(uint queue)
    {
        byte* attr = stackalloc byte[128];
        new Span<byte>(attr, 128).Clear();
        *(uint*)attr = (uint)_mapFd;
        *(ulong*)(attr + 8) = (ulong)&queue;
        Bpf(BPF_MAP_DELETE_ELEM, attr);
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

    private static int Bpf(int cmd, byte* attr) => (int)LinuxSys.Syscall(LinuxSys.SysBpf, cmd, attr, 128);

    private static ulong Insn(byte code, int dst, int src, short off, int imm) =>
        code | ((ulong)(byte)((src << 4) | dst) << 8) | ((ulong)(ushort)off << 16) | ((ulong)(uint)imm << 32);
}
