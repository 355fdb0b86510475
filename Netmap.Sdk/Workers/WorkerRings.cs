using System;
using System.Collections.Generic;

namespace Netmap.Sdk;

/// <summary>
/// The rings one worker owns — no other thread touches them. NIC RX ring i feeds the processor; NIC TX ring i takes
/// Transmit verdicts and what the kernel sends (host RX ring i); host TX ring i takes ToHost verdicts. Open
/// <c>IF-i</c> for the NIC pair and <c>IF^i</c> for the host pair (with host rings = NIC rings), or <c>IF*</c> when
/// there is a single ring pair; pipes have no host rings.
/// </summary>
public sealed record WorkerRings
{
    /// <summary>The handle that binds NIC ring pair <see cref="Ring"/>.</summary>
    public required NetmapPort NicPort { get; init; }

    /// <summary>The NIC ring pair index.</summary>
    public int Ring { get; init; }

    /// <summary>The handle that binds host ring pair <see cref="HostRing"/> (may be <see cref="NicPort"/> for <c>IF*</c>); null without host rings.</summary>
    public NetmapPort? HostPort { get; init; }

    /// <summary>The host ring pair index.</summary>
    public int HostRing { get; init; }

    /// <summary>TX rings of other ports this worker forwards to, by <see cref="Verdict.Target"/>.</summary>
    public IReadOnlyList<ForwardTarget> Targets { get; init; } = Array.Empty<ForwardTarget>();

    /// <summary>
    /// Queues from other workers into TX rings this worker owns: it drains each into <see cref="HandoffInput.Ring"/>
    /// of <see cref="HandoffInput.Port"/> every round.
    /// </summary>
    public IReadOnlyList<HandoffInput> Handoffs { get; init; } = Array.Empty<HandoffInput>();

    /// <summary>Packets taken from a ring per batch.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// Transparent mode (netmap's NR_FORWARD): ToHost marks the slot NS_FORWARD and releases it, and the kernel
    /// copies it to the stack at the next rxsync — no host ring needed on this handle. Requires a port with host
    /// rings; the host-to-wire direction then also needs a handle that binds all NIC TX rings (notes.md §4).
    /// </summary>
    public bool Transparent { get; init; }
}
