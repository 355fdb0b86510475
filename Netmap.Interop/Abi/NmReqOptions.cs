using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>Mirrors <c>struct nmreq_pools_info</c>: where the three pools of a region lie (64 bytes).</summary>
[NativeName("nmreq_pools_info")]
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct NmReqPoolsInfo
{
    /// <summary><c>nr_memsize</c>.</summary>
    [NativeName("nr_memsize")] [FieldOffset(0)] public ulong MemSize;
    /// <summary><c>nr_mem_id</c>.</summary>
    [NativeName("nr_mem_id")] [FieldOffset(8)] public ushort MemId;
    /// <summary><c>nr_if_pool_offset</c>.</summary>
    [NativeName("nr_if_pool_offset")] [FieldOffset(16)] public ulong IfPoolOffset;
    /// <summary><c>nr_if_pool_objtotal</c>.</summary>
    [NativeName("nr_if_pool_objtotal")] [FieldOffset(24)] public uint IfPoolObjTotal;
    /// <summary><c>nr_if_pool_objsize</c>.</summary>
    [NativeName("nr_if_pool_objsize")] [FieldOffset(28)] public uint IfPoolObjSize;
    /// <summary><c>nr_ring_pool_offset</c>.</summary>
    [NativeName("nr_ring_pool_offset")] [FieldOffset(32)] public ulong RingPoolOffset;
    /// <summary><c>nr_ring_pool_objtotal</c>.</summary>
    [NativeName("nr_ring_pool_objtotal")] [FieldOffset(40)] public uint RingPoolObjTotal;
    /// <summary><c>nr_ring_pool_objsize</c>.</summary>
    [NativeName("nr_ring_pool_objsize")] [FieldOffset(44)] public uint RingPoolObjSize;
    /// <summary><c>nr_buf_pool_offset</c>.</summary>
    [NativeName("nr_buf_pool_offset")] [FieldOffset(48)] public ulong BufPoolOffset;
    /// <summary><c>nr_buf_pool_objtotal</c>.</summary>
    [NativeName("nr_buf_pool_objtotal")] [FieldOffset(56)] public uint BufPoolObjTotal;
    /// <summary><c>nr_buf_pool_objsize</c>.</summary>
    [NativeName("nr_buf_pool_objsize")] [FieldOffset(60)] public uint BufPoolObjSize;
}

/// <summary>Mirrors <c>struct nmreq_opt_extmem</c>: NETMAP_REQ_OPT_EXTMEM (96 bytes).</summary>
[NativeName("nmreq_opt_extmem")]
[StructLayout(LayoutKind.Explicit, Size = 96)]
public struct NmReqOptExtmem
{
    /// <summary><c>nro_opt</c>: the option header.</summary>
    [NativeName("nro_opt")] [FieldOffset(0)] public NmReqOption Option;
    /// <summary><c>nro_usrptr</c>: address of the application's memory.</summary>
    [NativeName("nro_usrptr")] [FieldOffset(24)] public ulong UserPointer;
    /// <summary><c>nro_info</c>: the pools to lay out in it.</summary>
    [NativeName("nro_info")] [FieldOffset(32)] public NmReqPoolsInfo Info;
}

/// <summary>Mirrors <c>struct nmreq_opt_offsets</c>: NETMAP_REQ_OPT_OFFSETS (56 bytes).</summary>
[NativeName("nmreq_opt_offsets")]
[StructLayout(LayoutKind.Explicit, Size = 56)]
public struct NmReqOptOffsets
{
    /// <summary><c>nro_opt</c>: the option header.</summary>
    [NativeName("nro_opt")] [FieldOffset(0)] public NmReqOption Option;
    /// <summary><c>nro_max_offset</c>.</summary>
    [NativeName("nro_max_offset")] [FieldOffset(24)] public ulong MaxOffset;
    /// <summary><c>nro_initial_offset</c>.</summary>
    [NativeName("nro_initial_offset")] [FieldOffset(32)] public ulong InitialOffset;
    /// <summary><c>nro_offset_bits</c>.</summary>
    [NativeName("nro_offset_bits")] [FieldOffset(40)] public uint OffsetBits;
    /// <summary><c>nro_tx_align</c>.</summary>
    [NativeName("nro_tx_align")] [FieldOffset(44)] public uint TxAlign;
    /// <summary><c>nro_min_gap</c>.</summary>
    [NativeName("nro_min_gap")] [FieldOffset(48)] public ulong MinGap;
}

/// <summary>Mirrors <c>struct nmreq_opt_csb</c>: NETMAP_REQ_OPT_CSB (40 bytes).</summary>
[NativeName("nmreq_opt_csb")]
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct NmReqOptCsb
{
    /// <summary><c>nro_opt</c>: the option header.</summary>
    [NativeName("nro_opt")] [FieldOffset(0)] public NmReqOption Option;
    /// <summary><c>csb_atok</c>: address of the application-to-kernel blocks.</summary>
    [NativeName("csb_atok")] [FieldOffset(24)] public ulong AppToKernel;
    /// <summary><c>csb_ktoa</c>: address of the kernel-to-application blocks.</summary>
    [NativeName("csb_ktoa")] [FieldOffset(32)] public ulong KernelToApp;
}

/// <summary>Mirrors <c>struct nmreq_opt_sync_kloop_mode</c>: NETMAP_REQ_OPT_SYNC_KLOOP_MODE (32 bytes).</summary>
[NativeName("nmreq_opt_sync_kloop_mode")]
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct NmReqOptSyncKloopMode
{
    /// <summary><c>nro_opt</c>: the option header.</summary>
    [NativeName("nro_opt")] [FieldOffset(0)] public NmReqOption Option;
    /// <summary><c>mode</c>.</summary>
    [NativeName("mode")] [FieldOffset(24)] public uint Mode;
}
