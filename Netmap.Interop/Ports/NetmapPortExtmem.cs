namespace Netmap.Interop;

/// <summary>
/// The <c>@extmem</c> option of a port name: open the port in a memory region made by mapping <see cref="File"/>
/// (NETMAP_REQ_OPT_EXTMEM). Written <c>@extmem=FILE</c>, or <c>@extmem:file=FILE,if-num=N,...</c> to size the pools.
/// A pool value left <see langword="null"/> (or 0) is taken by netmap from the <c>priv_{if,ring,buf}_{num,size}</c>
/// sysctls. libnetmap maps the file while parsing; here the file is only named, and is opened at open time.
/// </summary>
public sealed record NetmapPortExtmem
{
    /// <summary>The file to map (the mandatory <c>file</c> key, also the value of <c>@extmem=</c>).</summary>
    public required string File { get; init; }

    /// <summary><c>if-num</c>: number of netmap_if objects (<c>nr_if_pool_objtotal</c>).</summary>
    public uint? IfNum { get; init; }

    /// <summary><c>if-size</c>: size of each netmap_if (<c>nr_if_pool_objsize</c>).</summary>
    public uint? IfSize { get; init; }

    /// <summary><c>ring-num</c>: number of rings (<c>nr_ring_pool_objtotal</c>).</summary>
    public uint? RingNum { get; init; }

    /// <summary><c>ring-size</c>: size of each ring (<c>nr_ring_pool_objsize</c>).</summary>
    public uint? RingSize { get; init; }

    /// <summary><c>buf-num</c>: number of buffers (<c>nr_buf_pool_objtotal</c>).</summary>
    public uint? BufNum { get; init; }

    /// <summary><c>buf-size</c>: size of each buffer (<c>nr_buf_pool_objsize</c>).</summary>
    public uint? BufSize { get; init; }

    /// <summary>True when no pool key is set, so the short form <c>@extmem=FILE</c> says it all.</summary>
    public bool HasDefaultPools =>
        IfNum is null && IfSize is null && RingNum is null && RingSize is null && BufNum is null && BufSize is null;
}
