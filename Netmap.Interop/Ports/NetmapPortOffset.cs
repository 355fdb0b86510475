namespace Netmap.Interop;

/// <summary>
/// The <c>@offset</c> option of a port name (NETMAP_REQ_OPT_OFFSETS): reserve low bits of each slot's <c>ptr</c> as
/// a buffer offset and preset every slot to <see cref="Initial"/>. Written <c>@offset=N</c> or
/// <c>@offset:initial=N,bits=B</c>. libnetmap asks for a maximum offset equal to the initial one and no minimum gap;
/// the kernel may raise both. libnetmap disables this option unless the program calls
/// <c>nmport_enable_option("offset")</c> (otherwise EOPNOTSUPP); this parser always accepts it.
/// </summary>
public sealed record NetmapPortOffset
{
    /// <summary><c>initial</c> (mandatory): the initial offset, also used as the maximum offset.</summary>
    public ulong Initial { get; init; }

    /// <summary><c>bits</c>: how many bits of <c>ptr</c> hold the offset; <see langword="null"/> or 0 = the whole field.</summary>
    public ulong? Bits { get; init; }

    /// <summary>The maximum offset libnetmap requests (<c>nro_max_offset</c>): the initial offset.</summary>
    public ulong MaxOffset => Initial;
}
