using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Netmap.Interop;

/// <summary>Mirrors <c>struct nmreq_header</c>: the argument of every NIOCCTRL request (88 bytes).</summary>
[NativeName("nmreq_header")]
[StructLayout(LayoutKind.Explicit, Size = 88)]
public struct NmReqHeader
{
    /// <summary><c>nr_version</c>: <see cref="NetmapApi.Version"/>; 14..15 accepted.</summary>
    [NativeName("nr_version")] [FieldOffset(0)] public ushort Version;

    /// <summary><c>nr_reqtype</c>: <see cref="NetmapReqType"/>.</summary>
    [NativeName("nr_reqtype")] [FieldOffset(2)] public ushort ReqType;

    /// <summary><c>nr_reserved</c>: must be 0. The kernel may leave it 1 after some failures: zero it before a retry.</summary>
    [NativeName("nr_reserved")] [FieldOffset(4)] public uint Reserved;

    /// <summary><c>nr_name</c>: the port name without the <c>netmap:</c> prefix, NUL-terminated (64 bytes).</summary>
    [NativeName("nr_name")] [FieldOffset(8)] public NmReqName Name;

    /// <summary><c>nr_options</c>: address of the first <see cref="NmReqOption"/>, or 0.</summary>
    [NativeName("nr_options")] [FieldOffset(72)] public ulong Options;

    /// <summary><c>nr_body</c>: address of the request body, or 0 for body-less requests.</summary>
    [NativeName("nr_body")] [FieldOffset(80)] public ulong Body;

    /// <summary>Reads <c>nr_name</c> up to its first NUL.</summary>
    public readonly string GetName()
    {
        ReadOnlySpan<byte> bytes = Name;
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    /// <summary>Writes <c>nr_name</c>, NUL-terminated; names of 64 bytes or more are refused.</summary>
    /// <exception cref="ArgumentException">The name does not fit in 63 bytes.</exception>
    public void SetName(string name)
    {
        Span<byte> bytes = Name;
        bytes.Clear();
        int count = Encoding.UTF8.GetByteCount(name);
        if (count >= bytes.Length)
        {
            throw new ArgumentException($"netmap port name '{name}' is {count} bytes; nr_name holds at most {bytes.Length - 1}.", nameof(name));
        }

        Encoding.UTF8.GetBytes(name, bytes);
    }
}

/// <summary>The 64 bytes of <c>nmreq_header.nr_name</c>.</summary>
[System.Runtime.CompilerServices.InlineArray(64)]
public struct NmReqName
{
    private byte _element0;
}
