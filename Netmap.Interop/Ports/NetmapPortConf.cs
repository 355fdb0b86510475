namespace Netmap.Interop;

/// <summary>
/// The <c>@conf:</c> option of a port name: ring and slot counts for ports the open itself creates (pipes, VALE
/// ports, and host-ring counts of an interface nobody has open yet); the kernel ignores them otherwise.
/// <see langword="null"/> means the key was not given; 0 means "let netmap choose", as in <c>nmreq_register</c>.
/// </summary>
/// <remarks>
/// Keys (libnetmap accepts <c>-</c> and <c>_</c> alike inside a key): <c>rings</c> sets <see cref="TxRings"/> and
/// <see cref="RxRings"/>, <c>host-rings</c> both host counts, <c>slots</c> both slot counts; <c>tx-rings</c>,
/// <c>rx-rings</c>, <c>host-tx-rings</c>, <c>host-rx-rings</c>, <c>tx-slots</c>, <c>rx-slots</c> set one value and
/// override the wider key whatever their order. Ring counts fit 16 bits, slot counts at most 2^31-1.
/// </remarks>
public sealed record NetmapPortConf
{
    /// <summary>No key given: every count left to netmap.</summary>
    public static NetmapPortConf Empty { get; } = new();

    /// <summary><c>nr_tx_rings</c> (<c>tx-rings=</c> or <c>rings=</c>).</summary>
    public uint? TxRings { get; init; }

    /// <summary><c>nr_rx_rings</c> (<c>rx-rings=</c> or <c>rings=</c>).</summary>
    public uint? RxRings { get; init; }

    /// <summary><c>nr_host_tx_rings</c> (<c>host-tx-rings=</c> or <c>host-rings=</c>).</summary>
    public uint? HostTxRings { get; init; }

    /// <summary><c>nr_host_rx_rings</c> (<c>host-rx-rings=</c> or <c>host-rings=</c>).</summary>
    public uint? HostRxRings { get; init; }

    /// <summary><c>nr_tx_slots</c> (<c>tx-slots=</c> or <c>slots=</c>).</summary>
    public uint? TxSlots { get; init; }

    /// <summary><c>nr_rx_slots</c> (<c>rx-slots=</c> or <c>slots=</c>).</summary>
    public uint? RxSlots { get; init; }

    /// <summary>True when no key is set, so the name carries no <c>@conf:</c> group.</summary>
    public bool IsEmpty =>
        TxRings is null && RxRings is null && HostTxRings is null && HostRxRings is null && TxSlots is null && RxSlots is null;
}
