using System;

namespace Netmap.Interop;

/// <summary>
/// A parsed port name: what libnetmap's <c>nmport_prepare</c> puts into <c>nmreq_header</c> and
/// <c>nmreq_register</c>, plus the options it would attach. Made by <see cref="NetmapPortName.Parse"/> and turned
/// back into a name by <see cref="NetmapPortName.Format"/>. Compares by value.
/// </summary>
public sealed record NetmapPortSpec
{
    /// <summary>
    /// <c>nr_name</c> exactly as the kernel gets it: <c>"eth0"</c> for <c>netmap:eth0</c>, <c>"eth0{7"</c> for a
    /// pipe, <c>"vale0:a"</c> for a VALE port (the <c>vale</c> prefix stays). 1..63 characters.
    /// </summary>
    public required string Name { get; init; }

    /// <summary><c>nr_mode</c>: which rings to bind (no suffix <see cref="NetmapRegMode.AllNic"/>).</summary>
    public NetmapRegMode Mode { get; init; } = NetmapRegMode.AllNic;

    /// <summary><c>nr_ringid</c>: the ring pair for <see cref="NetmapRegMode.OneNic"/> and <see cref="NetmapRegMode.OneSw"/> (below 4095), else 0.</summary>
    public ushort RingId { get; init; }

    /// <summary><c>nr_flags</c> from the <c>/</c> letters.</summary>
    public NetmapRegFlags Flags { get; init; }

    /// <summary><c>nr_mem_id</c> from <c>@N</c>; 0 = the port's default region.</summary>
    public ushort MemId { get; init; }

    /// <summary>
    /// The PORT of <c>@share=PORT</c>, verbatim (a name with the <c>netmap:</c> or <c>vale</c> prefix; libnetmap
    /// uses only its prefix and vpname and ignores what follows). At open time its <c>nr_mem_id</c> is looked up
    /// (NETMAP_REQ_PORT_INFO_GET) and used as <see cref="MemId"/>; a different non-zero <see cref="MemId"/> is EINVAL.
    /// </summary>
    public string? ShareWith { get; init; }

    /// <summary>The <c>@conf:</c> ring and slot counts (<see cref="NetmapPortConf.Empty"/> when absent).</summary>
    public NetmapPortConf Conf { get; init; } = NetmapPortConf.Empty;

    /// <summary>The <c>@extmem</c> option, if any.</summary>
    public NetmapPortExtmem? Extmem { get; init; }

    /// <summary>The <c>@offset</c> option, if any.</summary>
    public NetmapPortOffset? Offset { get; init; }

    /// <summary>
    /// True for a VALE port: the name keeps its <c>vale&lt;switch&gt;:</c> prefix (so it holds a <c>:</c>).
    /// <c>netmap:vale0</c> gives <c>nr_name</c> "vale0", which this property does not count as VALE.
    /// </summary>
    public bool IsVale => Name.Contains(':', StringComparison.Ordinal);

    /// <summary>True for a netmap pipe end: the name holds <c>{</c> (master) or <c>}</c> (slave).</summary>
    public bool IsPipe => PipeSeparatorIndex >= 0;

    /// <summary>True for the master end of a pipe (<c>{</c>).</summary>
    public bool IsPipeMaster => PipeSeparatorIndex is var i && i >= 0 && Name[i] == '{';

    /// <summary>True for the slave end of a pipe (<c>}</c>).</summary>
    public bool IsPipeSlave => PipeSeparatorIndex is var i && i >= 0 && Name[i] == '}';

    /// <summary>The port a pipe belongs to (the part of <see cref="Name"/> before <c>{</c>/<c>}</c>), else <see langword="null"/>.</summary>
    public string? PipeParent => PipeSeparatorIndex is var i && i >= 0 ? Name[..i] : null;

    /// <summary>The pipe id (the part after <c>{</c>/<c>}</c>), else <see langword="null"/>.</summary>
    public string? PipeId => PipeSeparatorIndex is var i && i >= 0 ? Name[(i + 1)..] : null;

    /// <summary>True when the mode binds host rings: <see cref="NetmapRegMode.Sw"/>, <see cref="NetmapRegMode.NicSw"/>, <see cref="NetmapRegMode.OneSw"/>.</summary>
    public bool HasHostRings => Mode is NetmapRegMode.Sw or NetmapRegMode.NicSw or NetmapRegMode.OneSw;

    /// <summary>True when the mode binds NIC rings: <see cref="NetmapRegMode.AllNic"/>, <see cref="NetmapRegMode.NicSw"/>, <see cref="NetmapRegMode.OneNic"/>.</summary>
    public bool BindsNicRings => Mode is NetmapRegMode.AllNic or NetmapRegMode.NicSw or NetmapRegMode.OneNic;

    private int PipeSeparatorIndex => Name is null ? -1 : Name.AsSpan().IndexOfAny('{', '}');
}
