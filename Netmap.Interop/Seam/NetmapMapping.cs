using System;
using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>A mapped netmap memory region; disposing it is <c>munmap()</c>.</summary>
public sealed unsafe class NetmapMapping : SafeHandle
{
    /// <summary>Takes ownership of a mapping made by <c>mmap</c>.</summary>
    /// <param name="address">The address mmap returned.</param>
    /// <param name="length">The length mapped.</param>
    public NetmapMapping(void* address, ulong length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle((IntPtr)address);
        Length = length;
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero || handle == new IntPtr(-1);

    /// <summary>The base address of the region.</summary>
    public byte* Address => (byte*)handle;

    /// <summary>The mapped length (<c>nr_memsize</c>).</summary>
    public ulong Length { get; }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Native.Libc.Munmap((void*)handle, (nuint)Length) == 0;
}
