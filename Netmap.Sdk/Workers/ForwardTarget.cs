namespace Netmap.Sdk;

/// <summary>A TX ring a worker may forward to: ring <see cref="Ring"/> of <see cref="Port"/>, owned by that worker alone.</summary>
/// <param name="Port">The destination port (its handle must bind the ring).</param>
/// <param name="Ring">The NIC TX ring index.</param>
public sealed record ForwardTarget(NetmapPort Port, int Ring);
