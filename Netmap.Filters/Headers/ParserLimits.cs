namespace Netmap.Filters.Headers;

/// <summary>Bounds on the loops in <see cref="PacketParser"/>, so a hostile frame cannot make it walk forever.</summary>
/// <param name="MaxVlanTags">Stacked VLAN tags accepted (QinQ is 2).</param>
/// <param name="MaxExtensionHeaders">IPv6 extension headers accepted before the upper layer.</param>
public readonly record struct ParserLimits(int MaxVlanTags, int MaxExtensionHeaders)
{
    /// <summary>Two VLAN tags (QinQ) and eight extension headers: more than any legitimate traffic carries.</summary>
    public static ParserLimits Default => new(2, 8);
}
