namespace Netmap.Sdk;

/// <summary>
/// Where a worker may forward: TX ring <see cref="Ring"/> of <see cref="Port"/>, owned by that worker alone; or,
/// when another worker owns that ring, <see cref="Handoff"/>, the queue that worker drains into it.
/// </summary>
/// <param name="Port">The destination port (its handle must bind the ring).</param>
/// <param name="Ring">The NIC TX ring index.</param>
public sealed record ForwardTarget(NetmapPort Port, int Ring)
{
    /// <summary>A queue to another worker that owns the ring; when set, this worker never touches the ring.</summary>
    public HandoffQueue? Handoff { get; init; }
}
