using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>Mirrors <c>struct nmreq_option</c>: the header of every request option (24 bytes).</summary>
[NativeName("nmreq_option")]
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct NmReqOption
{
    /// <summary><c>nro_next</c>: address of the next option, 0 ends the chain.</summary>
    [NativeName("nro_next")] [FieldOffset(0)] public ulong Next;

    /// <summary><c>nro_reqtype</c>: <see cref="NetmapReqOptionType"/>.</summary>
    [NativeName("nro_reqtype")] [FieldOffset(8)] public uint ReqType;

    /// <summary><c>nro_status</c>: set by the kernel: 0 when the option was used, else an errno.</summary>
    [NativeName("nro_status")] [FieldOffset(12)] public uint Status;

    /// <summary><c>nro_size</c>: size of a variable-size option; ignored for fixed-size ones.</summary>
    [NativeName("nro_size")] [FieldOffset(16)] public ulong Size;
}
