using System;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The bpf(2) commands the interface ports use (maps, program load, links, objects by id), on a zeroed
/// <c>union bpf_attr</c>. Every call returns a descriptor or 0 on success and -1 with errno set otherwise.
/// </summary>
internal static unsafe class BpfSys
{
    private const int AttrSize = 128;
    private const int BPF_MAP_CREATE = 0;
    private const int BPF_MAP_UPDATE_ELEM = 2;
    private const int BPF_MAP_DELETE_ELEM = 3;
    private const int BPF_PROG_LOAD = 5;
    private const int BPF_MAP_GET_FD_BY_ID = 14;
    private const int BPF_OBJ_GET_INFO_BY_FD = 15;
    private const int BPF_LINK_CREATE = 28;
    private const int BPF_LINK_GET_FD_BY_ID = 30;
    private const int BPF_LINK_DETACH = 34;

    public const uint MapTypeArray = 2;
    public const uint MapTypeXskMap = 17;
    public const uint ProgTypeSchedCls = 3;
    public const uint ProgTypeXdp = 6;
    public const uint AttachXdp = 37;
    public const uint AttachTcxEgress = 47;
    public const uint LinkTypeXdp = 6;

    public static int MapCreate(uint type, uint maxEntries, string name)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = type;
        *(uint*)(attr + 4) = 4;
        *(uint*)(attr + 8) = 4;
        *(uint*)(attr + 12) = Math.Max(maxEntries, 1);
        System.Text.Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), new Span<byte>(attr + 28, 15));
        return Call(BPF_MAP_CREATE, attr);
    }

    /// <summary>Sets a 4-byte key to a 4-byte value (array maps, XSKMAP with a socket descriptor).</summary>
    public static int MapUpdate(int mapFd, uint key, uint value)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)mapFd;
        *(ulong*)(attr + 8) = (ulong)&key;
        *(ulong*)(attr + 16) = (ulong)&value;
        return Call(BPF_MAP_UPDATE_ELEM, attr);
    }

    public static int MapDelete(int mapFd, uint key)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)mapFd;
        *(ulong*)(attr + 8) = (ulong)&key;
        return Call(BPF_MAP_DELETE_ELEM, attr);
    }

    public static int ProgLoad(uint type, ReadOnlySpan<ulong> insns, string name, uint expectedAttachType)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        byte* license = stackalloc byte[4];
        "GPL"u8.CopyTo(new Span<byte>(license, 3));
        license[3] = 0;
        fixed (ulong* code = insns)
        {
            *(uint*)attr = type;
            *(uint*)(attr + 4) = (uint)insns.Length;
            *(ulong*)(attr + 8) = (ulong)code;
            *(ulong*)(attr + 16) = (ulong)license;
            System.Text.Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), new Span<byte>(attr + 48, 15));
            *(uint*)(attr + 68) = expectedAttachType;
            return Call(BPF_PROG_LOAD, attr);
        }
    }

    public static int LinkCreate(int progFd, uint ifindex, uint attachType, uint flags)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)progFd;
        *(uint*)(attr + 4) = ifindex;
        *(uint*)(attr + 8) = attachType;
        *(uint*)(attr + 12) = flags;
        return Call(BPF_LINK_CREATE, attr);
    }

    /// <summary>
    /// Detaches a link from its hook now. Closing the last descriptor detaches it too, but later, from a workqueue:
    /// an interface would show the program for a moment after the close.
    /// </summary>
    public static int LinkDetach(int linkFd)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)linkFd;
        return Call(BPF_LINK_DETACH, attr);
    }

    /// <summary>A descriptor for another process's map or link (CAP_SYS_ADMIN): it keeps the object alive.</summary>
    public static int MapById(uint id) => ById(BPF_MAP_GET_FD_BY_ID, id);

    /// <inheritdoc cref="MapById"/>
    public static int LinkById(uint id) => ById(BPF_LINK_GET_FD_BY_ID, id);

    /// <summary>
    /// <c>bpf_map_info</c>/<c>bpf_link_info</c> words: [0] type, [1] id; for an XDP link [4] is the ifindex, 0 once
    /// the device is gone.
    /// </summary>
    public static bool Info(int fd, Span<uint> words)
    {
        byte* info = stackalloc byte[128];
        new Span<byte>(info, 128).Clear();
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)fd;
        *(uint*)(attr + 4) = 128;
        *(ulong*)(attr + 8) = (ulong)info;
        if (Call(BPF_OBJ_GET_INFO_BY_FD, attr) < 0)
        {
            return false;
        }

        new ReadOnlySpan<uint>(info, Math.Min(words.Length, 32)).CopyTo(words);
        return true;
    }

    /// <summary>The object id of a map or link descriptor, 0 when unknown.</summary>
    public static uint Id(int fd)
    {
        Span<uint> words = stackalloc uint[2];
        return Info(fd, words) ? words[1] : 0;
    }

    /// <summary>One eBPF instruction.</summary>
    public static ulong Insn(byte code, int dst, int src, short off, int imm) =>
        code | ((ulong)(byte)((src << 4) | dst) << 8) | ((ulong)(ushort)off << 16) | ((ulong)(uint)imm << 32);

    private static int ById(int cmd, uint id)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = id;
        return Call(cmd, attr);
    }

    private static int Call(int cmd, byte* attr) => (int)LinuxSys.Syscall(LinuxSys.SysBpf, cmd, attr, AttrSize);
}
