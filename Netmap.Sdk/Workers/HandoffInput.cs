namespace Netmap.Sdk;

/// <summary>A hand-off queue this worker drains into TX ring <paramref name="Ring"/> of <paramref name="Port"/>, which it owns.</summary>
/// <param name="Queue">The queue another worker fills.</param>
/// <param name="Port">The port of the ring.</param>
/// <param name="Ring">The NIC TX ring index.</param>
public sealed record HandoffInput(HandoffQueue Queue, NetmapPort Port, int Ring);
