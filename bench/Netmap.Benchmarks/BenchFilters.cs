using Netmap.Filters;

namespace Netmap.Benchmarks;

/// <summary>The seed's rule as a hand-written filter: UDP to 4321 dropped.</summary>
public sealed class DropUdp4321 : IPacketFilter
{
    public FilterResult Invoke(ref PacketContext context) =>
        context.Parsed.TryGetUdp(out var udp) && udp.DestinationPort == 4321 ? FilterResult.Drop : FilterResult.Next;
}

/// <summary>A filter that only looks: TTL at least 1.</summary>
public sealed class TtlCheck : IPacketFilter
{
    public FilterResult Invoke(ref PacketContext context) =>
        context.Parsed.TryGetIpv4(out var ip) && ip.Ttl == 0 ? FilterResult.Drop : FilterResult.Next;
}

/// <summary>A counting struct filter.</summary>
public struct Count : IPacketFilter
{
    public long Seen;

    public FilterResult Invoke(ref PacketContext context)
    {
        Seen++;
        return FilterResult.Next;
    }
}

/// <summary>A sealed class filter that reads nothing.</summary>
public sealed class NoOp : IPacketFilter
{
    public FilterResult Invoke(ref PacketContext context) => FilterResult.Next;
}
