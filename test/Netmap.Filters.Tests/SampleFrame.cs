using Netmap.Filters.Headers;

namespace Netmap.Filters.Tests;

/// <summary>A generated valid frame and the facts its builder knows about it (the oracle for the parser and rules).</summary>
public sealed record SampleFrame(
    byte[] Bytes,
    NetworkKind Kind,
    int VlanCount,
    ushort OuterTpid,
    byte Protocol,
    byte[] Destination,
    int DestinationPort,
    int IcmpType,
    bool IsFragment,
    bool IsLaterFragment,
    int Ipv4OptionWords,
    int ExtensionHeaders,
    int NetworkOffset,
    int TransportOffset)
{
    public override string ToString() =>
        $"{Kind} vlan={VlanCount} proto={Protocol} dport={DestinationPort} icmp={IcmpType} frag={IsFragment}/{IsLaterFragment} "
        + $"opts={Ipv4OptionWords} ext={ExtensionHeaders} len={Bytes.Length}: {System.Convert.ToHexString(Bytes)}";
}
